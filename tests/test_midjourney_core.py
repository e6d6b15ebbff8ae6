"""The plain functions under the Midjourney page: the prompt the form composes, the prompts a describe
answer holds, and the region mask Vary (Region) sends."""

from __future__ import annotations

import numpy as np
from PIL import Image

from studio.core.midjourney import PromptParameters, build_region_mask, compose_prompt, split_prompts


def test_the_form_s_parameters_are_added_unless_the_prompt_already_has_them():
    chosen = PromptParameters(aspect_ratio="16:9", stylize=250, chaos=20, version="6.1")
    assert compose_prompt("  a  fox\nin snow ", chosen) == "a fox in snow --ar 16:9 --stylize 250 --chaos 20 --v 6.1"
    assert compose_prompt("a fox --ar 1:1 --s 50", chosen) == "a fox --ar 1:1 --s 50 --chaos 20 --v 6.1"
    assert compose_prompt("a fox", PromptParameters(version="6"), "NIJI_JOURNEY") == "a fox --niji 6"
    assert compose_prompt("a fox", PromptParameters()) == "a fox", "defaults add nothing"
    assert compose_prompt("   ", chosen) == ""


def test_a_describe_answer_splits_into_its_prompts_without_their_numbers():
    answer = "1️⃣ a red scene, watercolor --ar 3:2\n\n2️⃣ a red scene, 35mm photo --ar 3:2\n\n3️⃣ flat art\n\n4️⃣ oil"
    assert split_prompts(answer) == ["a red scene, watercolor --ar 3:2", "a red scene, 35mm photo --ar 3:2", "flat art", "oil"]
    assert split_prompts("one idea\n\nanother") == ["one idea", "another"]
    assert split_prompts("") == []


def test_the_region_mask_is_the_picture_s_size_white_where_painted(tmp_path):
    painted = np.zeros((40, 60), np.uint8)
    painted[10:20, 5:25] = 255
    painted[30, 50] = 90  # a soft brush edge below half counts as not painted
    path = build_region_mask(painted, (60, 40), tmp_path / "mask.png")
    with Image.open(path) as mask:
        assert mask.size == (60, 40) and mask.mode == "L"
        pixels = np.asarray(mask)
    assert set(np.unique(pixels)) == {0, 255}
    assert np.array_equal(pixels == 255, painted >= 128)
