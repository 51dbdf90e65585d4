"""The data package is found in a fixed order, and a failed search says what to do."""

import ast
import inspect

import pytest

import companion
from companion import paths
from companion.paths import DataError, DataNotFoundError, find_bib_file, find_data_dir


def make_package(root):
    """A folder ``root/data`` holding a descriptor (enough for the lookup), returned."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "datapackage.json").write_text("{}", encoding="utf-8")
    return data.resolve()


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No environment variables, a working directory and a library folder with no data
    above them, so each test switches on only the step it is about."""
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    monkeypatch.delenv(paths.BIB_ENV, raising=False)
    empty = tmp_path / "empty"
    (empty / "site-packages" / "companion").mkdir(parents=True)
    monkeypatch.chdir(empty)
    monkeypatch.setattr(paths, "PACKAGE_DIR", empty / "site-packages" / "companion")
    return tmp_path


def test_an_explicit_folder_comes_first_even_over_the_environment(nowhere, monkeypatch):
    from_env, explicit = make_package(nowhere / "a"), make_package(nowhere / "b")
    monkeypatch.setenv(paths.DATA_ENV, str(from_env))
    assert find_data_dir(explicit) == explicit
    assert find_data_dir() == from_env


def test_an_explicit_folder_is_returned_even_without_a_descriptor(nowhere):
    # The loader then names the missing descriptor; the lookup must not look elsewhere.
    assert find_data_dir(nowhere / "missing") == (nowhere / "missing").resolve()


def test_the_environment_variable_comes_second(nowhere, monkeypatch):
    data = make_package(nowhere / "env")
    make_package(nowhere / "empty")  # would be found from the working directory
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    assert find_data_dir() == data
    assert find_bib_file(data) == data.parent / "references.bib"


def test_the_bibliography_can_be_named_by_the_environment(nowhere, monkeypatch):
    data = make_package(nowhere / "env")
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    monkeypatch.setenv(paths.BIB_ENV, str(nowhere / "elsewhere.bib"))
    assert find_bib_file(data) == (nowhere / "elsewhere.bib").resolve()
    # A folder passed explicitly keeps the bibliography beside it.
    assert find_bib_file(data, data_dir_explicit=True) == data.parent / "references.bib"
    assert find_bib_file(data, nowhere / "given.bib") == (nowhere / "given.bib").resolve()


def test_an_environment_variable_without_a_descriptor_is_an_error(nowhere, monkeypatch):
    make_package(nowhere / "empty")  # a fallback must not hide the mistake
    monkeypatch.setenv(paths.DATA_ENV, str(nowhere))
    with pytest.raises(DataNotFoundError) as info:
        find_data_dir()
    assert f"COMPANION_DATA_DIR is set to {nowhere}, but that folder has no " \
           "datapackage.json." in str(info.value)


def test_the_working_directory_and_its_parents_come_third(nowhere, monkeypatch):
    data = make_package(nowhere / "clone")
    make_package(nowhere / "empty" / "site-packages")  # the library's step comes later
    (nowhere / "clone" / "book" / "sections").mkdir(parents=True)
    monkeypatch.chdir(nowhere / "clone" / "book" / "sections")
    assert find_data_dir() == data


def test_the_library_folder_and_its_parents_come_last(nowhere):
    data = make_package(nowhere / "empty" / "site-packages")
    assert find_data_dir() == data


def test_nothing_found_says_what_was_tried_and_how_to_get_the_data(nowhere):
    with pytest.raises(DataError) as info:
        find_data_dir()
    err = info.value
    assert isinstance(err, DataNotFoundError) and isinstance(err, ValueError)
    message = str(err)
    assert message.startswith("data/datapackage.json: no data package was found. Tried: ")
    assert "COMPANION_DATA_DIR (not set)" in message
    assert f"{nowhere / 'empty'} and every folder above it (the working directory)" in message
    assert "(the library)" in message
    assert "git clone the book's repository and work inside the clone, or set " \
           "COMPANION_DATA_DIR to the folder that holds datapackage.json" in message


def test_the_advice_names_the_repository_url_when_the_config_has_one(nowhere):
    (nowhere / "empty" / "_config.yml").write_text(
        'repository:\n  url: "https://example.org/companion.git"\n', encoding="utf-8")
    with pytest.raises(DataNotFoundError) as info:
        find_data_dir()
    assert "git clone https://example.org/companion.git and work inside" in str(info.value)


@pytest.mark.parametrize("config", ['repository:\n  url: ""\n', "title: x\n", ": : :\n", ""])
def test_an_empty_or_broken_config_falls_back_to_words(nowhere, config):
    (nowhere / "empty" / "_config.yml").write_text(config, encoding="utf-8")
    assert "git clone the book's repository" in paths.how_to_get_the_data()


def test_load_without_data_raises_the_not_found_error(nowhere):
    with pytest.raises(DataNotFoundError):
        companion.load()


def test_root_data_dir_and_bib_file_are_the_lookup_result(nowhere, monkeypatch):
    data = make_package(nowhere / "env")
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    assert companion.DATA_DIR == data
    assert companion.ROOT == data.parent
    assert companion.BIB_FILE == data.parent / "references.bib"
    with pytest.raises(AttributeError):
        companion.NO_SUCH_NAME  # noqa: B018


def test_the_real_checkout_is_found():
    assert (companion.DATA_DIR / "datapackage.json").is_file()
    assert companion.ROOT == companion.DATA_DIR.parent
    assert companion.BIB_FILE == companion.ROOT / "references.bib"


def test_paths_imports_nothing_else_from_the_library():
    tree = ast.parse(inspect.getsource(paths))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in imported if name.split(".")[0] == "companion"]


def test_data_error_is_one_class_everywhere():
    import companion.evidence

    assert companion.DataError is companion.evidence.DataError is paths.DataError
