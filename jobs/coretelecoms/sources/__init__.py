"""Source readers: each yields a lazy frame of raw strings with a 1-based `_source_row`."""
