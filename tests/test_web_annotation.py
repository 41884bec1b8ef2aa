"""W3C Web Annotation out and Hypothesis / Web Annotation in (``edition annotations export|import``),
on the seed articles, with hand-made exports whose quotes are copied from the seeds' text."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_in_process

PAGE = "https://edition.example.org/korean-war-zh-hant/"
ALICE_NOTE = "蘇方的數字另見俄方檔案。"


def _export(article: str, cwd: Path = REPO) -> dict:
    result = run_in_process("annotations", "export", article, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _targets(path: Path) -> list[tuple[str, str]]:
    return re.findall(r'<annotation xml:id="([^"]+)" target="([^"]+)"', path.read_text(encoding="utf-8"))


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _hypothesis_row(row_id: str, exact: str, prefix: str = "", suffix: str = "", **fields) -> dict:
    """A row as Hypothesis's API returns it (search / export), with the three selectors it writes."""
    return {"id": row_id, "created": "2026-11-30T08:15:00.123456+00:00", "updated": "2026-11-30T08:15:00.123456+00:00",
            "user": "acct:alice@hypothes.is", "uri": "https://edition.example.org/korean-war/",
            "group": "__world__", "permissions": {"read": ["group:__world__"]},
            "target": [{"source": "https://edition.example.org/korean-war/", "selector": [
                {"type": "RangeSelector", "startContainer": "/main[1]/p[40]", "startOffset": 5,
                 "endContainer": "/main[1]/p[40]", "endOffset": 19},
                {"type": "TextPositionSelector", "start": 18211, "end": 18225},
                {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]}],
            "document": {"title": ["朝鲜战争"]}, "links": {}, "tags": [], "text": "", **fields}


def test_export_is_a_web_annotation_collection_with_quote_and_fragment_selectors():
    collection = _export("korean-war-zh-hant")
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 9
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage"
    first = items[0]
    assert first["id"] == PAGE + "#kwh-total-deaths"
    assert first["type"] == "Annotation"
    assert first["motivation"] == "assessing"
    assert first["creator"] == {"type": "Person", "name": "本版編者"}
    assert first["body"][0]["type"] == "TextualBody"
    assert first["body"][0]["format"] == "text/plain"
    assert first["body"][0]["language"] == "zh-Hant"
    assert first["body"][0]["value"].startswith("「約300萬」是概略的估算，不是統計")
    assert first["target"] == [{"type": "SpecificResource", "source": PAGE, "selector": [
        {"type": "TextQuoteSelector", "exact": "約為300萬", "prefix": "韓戰死亡人數",
         "suffix": "，平民死亡比例高於第二次世界大戰或越南戰爭。幾乎摧毀了朝鮮半島南"},
        {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3987", "value": "p-gam39e"}]}]
    # a whole block: the quote is the whole paragraph, with nothing before or after it
    whole = items[1]["target"][0]["selector"]
    assert whole[0] == {"type": "TextQuoteSelector", "exact":
                        "空軍方面，參戰的蘇聯空軍10個航空兵師共損失米格15和La-11戰鬥機335架飛機和120名飛行員。"
                        "蘇聯4個高射炮兵師和2個探照燈團共68人犧牲、165人受傷、損失高射炮6門和探照燈1台。"
                        "中國人民志願軍空軍共損失231架飛機和126名飛行員。"}
    assert whole[1]["value"] == "p-2waknz"
    assert [item["motivation"] for item in items] == ["assessing", "assessing", "linking", "assessing", "editing",
                                                      "editing", "assessing", "assessing", "describing"]


def test_export_is_deterministic_and_written_with_output(tmp_path):
    out = tmp_path / "kwh.jsonld"
    result = run_in_process("annotations", "export", "korean-war-zh-hant", "-o", str(out))
    assert result.returncode == 0, result.stderr
    again = run_in_process("annotations", "export", "korean-war-zh-hant")
    assert out.read_text(encoding="utf-8") == again.stdout
    assert again.stdout.startswith('{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n')


def test_hypothesis_import_anchors_across_scripts_and_lists_lost_quotes(project, tmp_path):
    export = _write(tmp_path / "hypothesis.json", {"total": 4, "rows": [
        # the traditional form of a passage the simplified edition writes in simplified script
        _hypothesis_row("Hq1aZtK8Ee-jY2f3aB1cDw", "參戰的蘇聯空軍10個航空兵師", prefix="空軍方面，", suffix="共損失米格15",
                        text=ALICE_NOTE, tags=["傷亡", "空戰"]),
        # a sentence the edition does not have (any more)
        _hypothesis_row("Zx9bQmT1Ef-kL3g4bC2dEx", "美軍於1950年12月全部撤出朝鮮半島", prefix="此後，"),
        # a highlight, no words of its own, quoted as the edition writes it
        _hypothesis_row("Ab3cDeF4Gh-iJ5k6lM7nOp", "中国人民志愿军空军共损失231架飞机"),
        # a reply: it answers another annotation, it quotes nothing
        {**_hypothesis_row("Rp1yRpLy2Ee-aaaaaaaaaa", "x"), "target": [{"source": PAGE}],
         "references": ["Hq1aZtK8Ee-jY2f3aB1cDw"], "text": "同意。"},
    ]})
    annotations = project / "tei" / "annotations" / "korean-war.xml"
    before = annotations.read_text(encoding="utf-8")
    result = run_in_process("annotations", "import", str(export), "--article", "korean-war", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert f'edition: {export}: annotation 2 (id Zx9bQmT1Ef-kL3g4bC2dEx): quote not found: ' \
           '"美軍於1950年12月全部撤出朝鮮半島"' in result.stderr
    assert f"edition: {export}: annotation 4 (id Rp1yRpLy2Ee-aaaaaaaaaa): no quote to anchor" in result.stderr
    assert "2 annotation(s) added" in result.stderr
    after = annotations.read_text(encoding="utf-8")
    assert _targets(annotations) == [
        ("kw-incheon", "#match(p-d34y3k,'在仁川港大規模登陸')"),
        ("kw-air-losses-other-version", "#p-wf26w8"),
        ("imported-Hq1aZtK8Ee-jY2f3aB1cDw", "#match(p-wf26w8,'参战的苏联空军10个航空兵师')"),
        ("imported-Ab3cDeF4Gh-iJ5k6lM7nOp", "#match(p-wf26w8,'中国人民志愿军空军共损失231架飞机')"),
    ]
    added = (
        '      <annotation xml:id="imported-Hq1aZtK8Ee-jY2f3aB1cDw" target="#match(p-wf26w8,\'参战的苏联空军10个航空兵师\')" '
        'motivation="commenting">\n'
        '        <respStmt><resp when="2026-11-30">annotation (Hypothesis)</resp><name>alice@hypothes.is</name></respStmt>\n'
        f"        <note>{ALICE_NOTE}\n#傷亡 #空戰</note>\n"
        "      </annotation>\n")
    assert added in after
    assert 'motivation="highlighting"' in after
    # the existing annotations, comments and lines are untouched: only new lines were inserted
    assert after.replace(added, "").count("\n") == before.count("\n") + 4
    assert after.startswith(before[:before.rindex("    </listAnnotation>")])
    assert after.endswith(before[before.rindex("    </listAnnotation>"):])
    assert run_in_process("validate", str(annotations), "--project", str(project)).returncode == 0
    # importing the same export again adds nothing
    again = run_in_process("annotations", "import", str(export), "--article", "korean-war", "--project", str(project))
    assert again.returncode == 0
    assert "already in the file as 'imported-Hq1aZtK8Ee-jY2f3aB1cDw'" in again.stderr
    assert annotations.read_text(encoding="utf-8") == after


def test_simplified_quote_anchors_in_the_traditional_edition_and_dry_run_writes_nothing(project, tmp_path):
    export = _write(tmp_path / "rows.json", [
        _hypothesis_row("Tr4dTr4dEe-xyz", "死亡人数约为300万", text="估算。")])
    annotations = project / "tei" / "annotations" / "korean-war-zh-hant.xml"
    before = annotations.read_bytes()
    result = run_in_process("annotations", "import", str(export), "--article", "korean-war-zh-hant", "--dry-run",
                            "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('      <annotation xml:id="imported-Tr4dTr4dEe-xyz" '
                                    'target="#match(p-gam39e,\'死亡人數約為300萬\')" motivation="commenting">')
    assert "1 annotation(s) would be added" in result.stderr
    assert annotations.read_bytes() == before


def test_web_annotation_in_any_shape(project, tmp_path):
    """One Annotation with an HTML body and a FragmentSelector; the block it names wins a tie."""
    single = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:5d1b5e58-2c2c-4b3e-9a3c-1d7d2f0b9b61",
              "type": "Annotation", "motivation": "questioning", "created": "2026-12-01T10:00:00Z",
              "creator": {"type": "Person", "nickname": "lee"},
              "body": [{"type": "TextualBody", "format": "text/html", "language": "en",
                        "value": "<p>Source <b>needed</b></p>"},
                       {"type": "TextualBody", "purpose": "tagging", "value": "air-war"}],
              "target": {"source": PAGE, "selector": {"type": "FragmentSelector", "value": "p-2waknz",
                                                      "refinedBy": {"type": "TextQuoteSelector", "exact": "335架"}}}}
    export = _write(tmp_path / "one.jsonld", single)
    annotations = project / "tei" / "annotations" / "korean-war-zh-hant.xml"
    result = run_in_process("annotations", "import", str(export), "--article", "korean-war-zh-hant",
                            "--project", str(project))
    assert result.returncode == 0, result.stderr
    text = annotations.read_text(encoding="utf-8")
    assert ('<annotation xml:id="imported-urn-uuid-5d1b5e58-2c2c-4b3e-9a3c-1d7d2f0b9b61" '
            'target="#match(p-2waknz,\'335架\')" motivation="questioning">') in text
    assert '<resp when="2026-12-01">annotation (Web Annotation)</resp><name>lee</name>' in text
    assert '<note xml:lang="en">Source needed\n#air-war</note>' in text


def test_round_trip_export_then_import_into_an_empty_file_gives_the_same_targets(project, tmp_path):
    exported = tmp_path / "kwh.jsonld"
    assert run_in_process("annotations", "export", "korean-war-zh-hant", "-o", str(exported),
                          "--project", str(project)).returncode == 0
    annotations = project / "tei" / "annotations" / "korean-war-zh-hant.xml"
    annotations.unlink()
    result = run_in_process("annotations", "import", str(exported), "--article", "korean-war-zh-hant",
                            "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "9 annotation(s) added" in result.stderr
    assert _targets(annotations) == [
        ("kwh-total-deaths", "#match(p-gam39e,'約為300萬')"),
        ("kwh-air-losses", "#p-2waknz"),
        ("kwh-air-losses-other-version", "#p-2waknz"),
        ("kwh-stalin-pressure", "#match(p-a680nt,'成功逼迫')"),
        ("kwh-fifth-campaign-date", "#match(p-6w752q,'1953年5月朝中軍隊發動夏季第五次戰役失敗')"),
        ("kwh-ceasefire-1951", "#match(p-1fdgk7,'戰爭雙方均未對此回應')"),
        ("kwh-cpv-deaths", "#match(p-wfqa1v,'183,108人')"),
        ("kwh-us-deaths", "#match(p-mxy2bf,'54,246的總死亡數字')"),
        ("kwh-shen-documents", "#match(p-fwkzrq,'沈志華著作《韓戰：俄國檔案館的解密檔案》')"),
    ]
    assert run_in_process("validate", str(annotations), "--project", str(project)).returncode == 0
    # and out again: the same targets, selectors and all
    assert [item["target"] for item in _export("korean-war-zh-hant", project)["first"]["items"]] == \
        [item["target"] for item in json.loads(exported.read_text(encoding="utf-8"))["first"]["items"]]


@pytest.mark.parametrize(("content", "message"), [
    (b'{"rows": [\n  {"id": "a",\n   "text": oops}\n]}', ":3: not JSON: Expecting value (column 12)"),
    (b"[" * 100_000 + b"]" * 100_000, ": not an annotation export: JSON nested too deeply"),
    (b'{"rows": []}\n\xff\xfe', ":2: not UTF-8 text"),
    (b"<html><body>not an export</body></html>", ":1: not JSON: Expecting value (column 1)"),
    (b'{"hello": "world"}', ": neither a Hypothesis export nor a Web Annotation document"),
])
def test_malformed_files_are_one_clear_error_and_change_nothing(project, tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    annotations = project / "tei" / "annotations" / "korean-war.xml"
    before = annotations.read_bytes()
    result = run_in_process("annotations", "import", str(bad), "--article", "korean-war", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith(f"edition: error: {bad}{message}")
    assert "Traceback" not in result.stderr
    assert annotations.read_bytes() == before


def test_a_huge_file_is_refused_before_it_is_read(project, tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk used
    result = run_in_process("annotations", "import", str(huge), "--article", "korean-war", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr == (f"edition: error: {huge}: too big for an annotation export (68,157,440 bytes; "
                             "at most 67,108,864)\n")


def test_a_quote_that_cuts_a_word_the_folding_converts_whole_is_found(tmp_path):
    """"各自建" folds otherwise alone than inside "各自建立" (建立 → 创建): the quote is found with its context."""
    export = _write(tmp_path / "cut.json", [_hypothesis_row(
        "Cut1Cut1Ee-abc", "朝鮮半島南北方各自建", prefix="1948年", suffix="立政权和獨立的軍隊，北方稱作「", text="注。")])
    result = run_in_process("annotations", "import", str(export), "--article", "korean-war", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert 'target="#match(p-jkxc83,\'朝鮮半島南北方各自建\')"' in result.stdout
