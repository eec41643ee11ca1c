"""Stage image Dockerfiles, rendered from one template by `python -m images.render`."""
