"""Body cells carry their column's header as data-label, for the phone layout."""

from bookbuild.tables import headers, label_table, label_tables, soft_breaks

TABLE = ('<table class="table">\n<thead>\n<tr class="row-odd"><th class="head"><p>Site</p></th>'
         '<th class="head"><p>Planned &amp; built</p></th></tr>\n</thead>\n<tbody>\n'
         '<tr class="row-even"><td><p>Deveselu</p></td><td><p>2010</p></td></tr>\n'
         '<tr class="row-odd"><td><p>Redzikowo</p></td><td><p>2010</p></td></tr>\n'
         '</tbody>\n</table>')


def test_each_body_cell_gets_its_columns_header_words_escaped():
    out = label_table(TABLE)
    assert out.count('data-label="Site"') == 2
    assert out.count('data-label="Planned &amp; built"') == 2
    assert '<td data-label="Site"><p>Deveselu</p></td>' in out


def test_a_labelled_table_is_marked_for_the_card_layout_and_its_header_is_untouched():
    out = label_table(TABLE)
    assert out.startswith('<table class="table companion-cards">')
    assert '<th class="head"><p>Site</p></th>' in out


def test_a_table_without_a_header_row_or_with_spanning_headers_is_left_alone():
    bare = "<table><tbody><tr><td>a</td></tr></tbody></table>"
    assert label_table(bare) == bare
    spanning = TABLE.replace('<th class="head"><p>Site</p></th>',
                             '<th class="head" colspan="2"><p>Site</p></th>')
    assert headers(spanning) is None and label_table(spanning) == spanning


def test_a_row_with_the_wrong_number_of_cells_leaves_the_table_alone():
    ragged = TABLE.replace("<td><p>2010</p></td></tr>\n<tr", "</tr>\n<tr", 1)
    assert label_table(ragged) == ragged


def test_every_table_of_a_page_is_labelled_and_the_prose_around_them_kept():
    page = "<p>Before</p>" + TABLE + "<p>Between</p>" + TABLE + "<p>After</p>"
    out = label_tables(page)
    assert out.count("companion-cards") == 2
    assert out.startswith("<p>Before</p>") and out.endswith("<p>After</p>")
    assert "<p>Between</p>" in out


PANDAS = ("<table border=\"1\" class=\"dataframe\">\n<thead>\n<tr><th>proposal_id</th>"
          "<th>legal</th><th>joint</th></tr>\n<tr><th>actor_id</th><th></th><th></th></tr>"
          "\n</thead>\n<tbody>\n<tr><th>nato</th><td>-2.0</td><td>2.0</td></tr>\n</tbody>"
          "\n</table>")


def test_a_pandas_table_labels_its_index_with_the_index_name_and_the_rest_by_column():
    assert headers(PANDAS) == ["actor_id", "legal", "joint"]
    out = label_table(PANDAS)
    assert '<th data-label="actor_id">nato</th>' in out
    assert '<td data-label="joint">2.0</td>' in out
    assert 'class="dataframe companion-cards"' in out


def test_identifiers_in_cells_may_wrap_at_their_underscores_but_attributes_do_not():
    cell = ('<table><tbody><tr><td><a href="#claim-a_b" id="x_y">separate_linked_systems'
            '</a></td></tr></tbody></table>')
    out = soft_breaks(cell)
    assert "separate_<wbr>linked_<wbr>systems" in out
    assert 'href="#claim-a_b"' in out and 'id="x_y"' in out
    assert soft_breaks("<p>not_a_cell</p>") == "<p>not_a_cell</p>"
