"""Sphinx extension for this book's build (listed in _config.yml under extra_extensions).

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


def setup(app):
    app.connect("config-inited", launch_buttons_from_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
