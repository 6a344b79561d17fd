"""Dashboard pages (``pages.py``), their Jinja2 templates and local static assets (no CDN)."""
