"""Building and checking the book: the Sphinx extension, citation metadata, the PDF's and
the tests' helpers. None of this is needed to run the notebooks, which import only
``companion``.
"""
