"""Every download is named by one helper: no request value, quote or line break reaches the header."""

import ast
import pathlib

import pytest

import equipage
from equipage.core.downloads import content_disposition, safe_filename
from tests.indicators.test_public import public_product  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("export.csv", 'attachment; filename="export.csv"'),
        ("Décision d’homologation.pdf", "attachment; filename=\"Decision dhomologation.pdf\"; "
         "filename*=UTF-8''D%C3%A9cision%20d%E2%80%99homologation.pdf"),
        ('a"; filename="evil.exe', "attachment; filename=\"a- filename=-evil.exe\""),
        ("ligne\r\nSet-Cookie: x=1.csv", 'attachment; filename="ligne-Set-Cookie- x=1.csv"'),
        ("../../etc/passwd", 'attachment; filename="etc-passwd"'),
        ("", 'attachment; filename="fichier"'),
    ],
)  # fmt: skip
def test_content_disposition_follows_rfc_6266(name, expected):
    assert content_disposition(name) == expected


def test_a_safe_filename_has_no_control_or_separator_character():
    name = safe_filename('x\x00y\u2028z"\\/;.csv')
    assert not any(char in name for char in '\x00\u2028"\\/;')


@pytest.mark.parametrize("wanted", ['part-en-ligne"; filename="x.exe', "a\r\nb", "inconnu"])
def test_an_unknown_indicator_is_refused_in_french_and_never_names_a_file(client, public_product, wanted):  # noqa: F811
    response = client.get("/produits/aides-en-ligne/statistiques.csv", {"indicateur": wanted})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "Indicateur inconnu : aucun indicateur publié de ce produit n’a ce code." in response.content.decode()


def test_the_public_csv_of_one_indicator_is_named_after_its_code(client, public_product):  # noqa: F811
    response = client.get("/produits/aides-en-ligne/statistiques.csv", {"indicateur": "part-en-ligne"})
    assert response["Content-Disposition"] == 'attachment; filename="statistiques-aides-en-ligne-part-en-ligne.csv"'


def test_no_module_writes_the_header_itself():
    """Only `core/downloads.py` names a download: no hand-written header, no FileResponse naming its file."""
    root = pathlib.Path(equipage.__file__).parent
    elsewhere = []
    for path in root.rglob("*.py"):
        if path == root / "core" / "downloads.py" or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "content-disposition" in source.lower():
            elsewhere.append(f"{path.relative_to(root)}: Content-Disposition")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "FileResponse"
                and any(keyword.arg in ("filename", "as_attachment") for keyword in node.keywords)
            ):
                elsewhere.append(f"{path.relative_to(root)}:{node.lineno}: FileResponse(filename=…)")
    assert elsewhere == [], "Name downloads with equipage.core.downloads.set_download_name: " + ", ".join(elsewhere)
