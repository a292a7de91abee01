"""Books: splitting a manuscript into chapters and importing it."""
