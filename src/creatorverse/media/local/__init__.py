"""The offline provider: Pillow frames, espeak-ng speech, ffmpeg videos and merges."""
