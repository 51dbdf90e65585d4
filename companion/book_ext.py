"""Sphinx extension for this book's build (listed in _config.yml under extra_extensions).

Live code (Thebe) is not offered: its loader is fetched from a CDN and Jupyter Book 1.x
writes its inline settings twice, which is a script error on every page. The book's pages
therefore drop the Thebe scripts and styles.

Launch buttons: Binder and Colab need the book's public repository. `repository.url` in
_config.yml is the one setting that drives them: when it is set, both buttons appear on
every notebook page; when it is empty, none are drawn (the theme would otherwise fail).
"""

BINDER_URL = "https://mybinder.org"
COLAB_URL = "https://colab.research.google.com"


def launch_buttons_from_repository(app, config) -> None:
    options = config.html_theme_options
    if not options.get("repository_url"):
        return
    buttons = options.setdefault("launch_buttons", {})
    buttons.setdefault("notebook_interface", "jupyterlab")
    buttons["binderhub_url"] = buttons.get("binderhub_url") or BINDER_URL
    buttons["colab_url"] = buttons.get("colab_url") or COLAB_URL


def _mentions_thebe(asset) -> bool:
    text = str(getattr(asset, "filename", None) or asset)
    text += str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in text.lower()


def drop_thebe_assets(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _mentions_thebe(a)]


def setup(app):
    app.connect("config-inited", launch_buttons_from_repository)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
