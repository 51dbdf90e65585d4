"""Reader-facing tables built from the evidence: the reading map and the codebook."""

from __future__ import annotations

import json

import pandas as pd

from companion.data import Evidence, load, read_descriptor


def reading_map(evidence: Evidence | None = None) -> pd.DataFrame:
    """One row per paragraph: ¶, section title, the project's summary and the word count."""
    ev = evidence or load()
    titles = ev.sections.set_index("section")["title"]
    table = ev.column.assign(section_title=ev.column.section.map(titles))
    table = table.rename(columns={"para": "¶", "section_title": "Section", "summary": "Summary",
                                  "words": "Words"})
    return table[["¶", "Section", "Summary", "Words"]].set_index("¶")


def codebook(resource_name: str, data_dir=None) -> pd.DataFrame:
    """Every field of one data-package resource with its type, rules and meaning."""
    from companion.data import default_data_dir

    descriptor = read_descriptor(data_dir or default_data_dir())
    resource = next((r for r in descriptor["resources"] if r["name"] == resource_name), None)
    if resource is None:
        raise KeyError(f"no resource {resource_name!r} in datapackage.json")
    keys = resource["schema"].get("primaryKey", [])
    rows = []
    for field in resource["schema"]["fields"]:
        rules = dict(field.get("constraints", {}))
        required = rules.pop("required", False)
        if field.get("type") == "list":
            item = field.get("itemType", "string")
            rules["items"] = f"{item}, separated by '{field['delimiter']}'"
        rows.append({
            "Field": field["name"],
            "Type": field.get("type", "string"),
            "Required": "yes" if required else "no",
            "Key": "primary" if field["name"] in keys else "",
            "Rules": "; ".join(f"{k}: {json.dumps(v) if not isinstance(v, str) else v}"
                               for k, v in rules.items()),
            "Meaning": field.get("description", ""),
        })
    return pd.DataFrame(rows).set_index("Field")


def resources(data_dir=None) -> pd.DataFrame:
    """The resources of the data package: name, file, title, rows."""
    from companion.data import default_data_dir

    descriptor = read_descriptor(data_dir or default_data_dir())
    ev = load(data_dir)
    return pd.DataFrame(
        [{"Resource": r["name"], "File": f"data/{r['path']}", "Title": r["title"],
          "Rows": len(ev[r["name"]])} for r in descriptor["resources"]]
    ).set_index("Resource")
