"""Django's `{# … #}` comment holds on one line: one spread over several lines is printed in the page."""

import pathlib

import equipage

ROOT = pathlib.Path(equipage.__file__).parent


def unclosed_one_line_comments() -> list[str]:
    """Every `{#` of Équipage's templates whose `#}` is not on the same line, as `path:line`."""
    found = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        if not path.is_file() or path.suffix not in {".html", ".txt", ".xml", ".ics"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            start = line.find("{#")
            while start != -1:
                end = line.find("#}", start + 2)
                if end == -1:
                    found.append(f"{path.relative_to(ROOT)}:{number}")
                    break
                start = line.find("{#", end + 2)
    return found


def test_no_template_comment_spreads_over_several_lines():
    assert unclosed_one_line_comments() == [], "use {% comment %} … {% endcomment %} for several lines"
