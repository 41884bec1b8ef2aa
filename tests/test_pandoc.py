"""The Pandoc runner: the bundled binary, UTF-8 both ways, Pandoc's own message on failure."""
import json
from pathlib import Path

import pytest

from pipeline.pandoc import PandocError, pandoc_path, run_pandoc


def test_the_bundled_binary_is_used():
    assert Path(pandoc_path()).parts[-3:] == ("pypandoc", "files", "pandoc")


def test_text_goes_in_and_comes_out_as_utf8():
    blocks = json.loads(run_pandoc(["--from=markdown", "--to=json"], "朝鲜战争 *韓戰*"))["blocks"]
    assert blocks[0]["c"][0] == {"t": "Str", "c": "朝鲜战争"}
    assert blocks[0]["c"][2] == {"t": "Emph", "c": [{"t": "Str", "c": "韓戰"}]}


def test_a_failure_carries_pandoc_s_message():
    with pytest.raises(PandocError, match="^Unknown input format nosuchformat$"):
        run_pandoc(["--from=nosuchformat", "--to=json"], "text")
