"""Run the README's pandas and DuckDB snippets verbatim against out/ and check that every
column comes back with the type datapackage.json declares.

Usage: python .ci/check_loading.py   (from the repository root, after `policy-mine run`)
The snippets are the fenced code blocks between <!-- ci:pandas:begin --> and
<!-- ci:pandas:end --> (resp. ci:duckdb) in README.md.
"""
import json
import re
import sys

README = open("README.md", encoding="utf-8").read()
PACKAGE = json.load(open("out/datapackage.json", encoding="utf-8"))


def snippet(name):
    m = re.search(
        rf"<!-- ci:{name}:begin -->\s*```python\n(.*?)```\s*<!-- ci:{name}:end -->",
        README,
        re.S,
    )
    if not m:
        sys.exit(f"FAIL: README.md has no ci:{name} block")
    return m.group(1)


def run(name):
    scope = {"__name__": f"readme_{name}"}
    print(f"--- README {name} snippet")
    exec(compile(snippet(name), f"README.md:ci:{name}", "exec"), scope)
    return scope


def expected():
    for resource in PACKAGE["resources"]:
        table = resource["path"].rsplit(".", 1)[0]
        for field in resource["schema"]["fields"]:
            yield table, field["name"], field["type"]


def pandas_kind(dtype):
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    if pd.api.types.is_string_dtype(dtype):
        return "string"
    return str(dtype)


DUCK_KIND = {
    "VARCHAR": "string",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "DOUBLE": "number",
    "BOOLEAN": "boolean",
}


def main():
    failures = []
    checked = 0
    scope = run("pandas")
    tables = scope["tables"]
    for table, column, kind in expected():
        got = pandas_kind(tables[table][column].dtype)
        checked += 1
        if got != kind:
            failures.append(f"pandas {table}.{column}: {got}, datapackage says {kind}")
    summary = tables["summary"]
    if "section" in summary and summary["section"].iloc[0] != "00":
        failures.append(f"pandas summary.section[0] = {summary['section'].iloc[0]!r}, not '00'")

    scope = run("duckdb")
    con = scope["con"]
    for table in {t for t, _, _ in expected()}:
        described = {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        for t, column, kind in expected():
            if t != table:
                continue
            got = DUCK_KIND.get(described.get(column), described.get(column))
            checked += 1
            if got != kind:
                failures.append(f"duckdb {table}.{column}: {got}, datapackage says {kind}")
    for f in failures:
        print("FAIL", f)
    print(f"{checked} column types checked against datapackage.json, {len(failures)} wrong")
    sys.exit(1 if failures else 0)


main()
