"""Where generated files go: a local folder (default) or Supabase Storage, always under
`<organization_id>/<storage_path>`; `assets.save_asset` makes them asset rows."""
