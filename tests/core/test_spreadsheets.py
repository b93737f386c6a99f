"""One reader for every import's files: encodings, separators and unreadable files."""

import codecs

import pytest

from equipage.core.spreadsheets import UnreadableFile, decode_text, read_rows, sniff_dialect

TEXT = "ligne;montant;commentaire\nHébergement;1 234,56 €;Équipe d’Atlas\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        TEXT.encode("utf-8").decode("cp1252").encode("utf-8"),  # UTF-8 once read as Windows-1252
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "utf16", "mojibake"],
)
def test_every_usual_encoding_reads_the_same_text(data):
    assert decode_text(data) == TEXT


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_sniffed(separator):
    text = f"a{separator}b{separator}c\n1{separator}2{separator}3\n4{separator}5{separator}6\n"
    assert sniff_dialect(text).delimiter == separator
    assert list(read_rows("x.csv", text.encode())) == [(1, ["a", "b", "c"]), (2, ["1", "2", "3"]), (3, ["4", "5", "6"])]


def test_french_amounts_with_commas_keep_the_semicolon():
    assert sniff_dialect(TEXT).delimiter == ";"


@pytest.mark.parametrize(
    ("name", "data"),
    [("x.csv", bytes(range(256)) * 4), ("x.xlsx", b"PK\x03\x04 tronque"), ("x.ods", b"pas un classeur")],
    ids=["binary", "truncated-zip", "text-named-ods"],
)
def test_unreadable_files_raise_a_french_message(name, data):
    with pytest.raises(UnreadableFile) as unreadable:
        list(read_rows(name, data))
    assert unreadable.value.message[:1].isupper() and "fichier" in unreadable.value.message.lower()
