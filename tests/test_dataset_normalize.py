"""Roles to a closed set; company spelling variants unified and keyed to one entity."""

import pytest

from crawler.constants import ROLE_BOTH, ROLE_PROVIDER, ROLE_SUPPORTER, ROLES
from crawler.dataset.normalize import company_key, normalize_company, normalize_role


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("服务提供者", ROLE_PROVIDER),
        ("服务技术支持者", ROLE_SUPPORTER),
        ("服务技术支\n持者", ROLE_SUPPORTER),
        (" 服务提供者 ", ROLE_PROVIDER),
        ("服务提供者、服务技术支持者", ROLE_BOTH),
        ("服务提供者/服务技术支持者", ROLE_BOTH),
        ("服务技术支持者，服务提供者", ROLE_BOTH),
        ("服务提供者和服务技术支持者", ROLE_BOTH),
        ("服务提供者\n服务技术支持者", ROLE_BOTH),
    ],
)
def test_roles_map_onto_the_closed_set(cell: str, role: str) -> None:
    assert normalize_role(cell) == role
    assert role in ROLES


@pytest.mark.parametrize("cell", ["技术支持者", "提供者", "服务使用者", "服务提供者、服务提供者X"])
def test_unknown_roles_are_not_guessed(cell: str) -> None:
    assert normalize_role(cell) is None


def test_both_roles_have_one_spelling() -> None:
    assert ROLE_BOTH == "服务提供者、服务技术支持者"


@pytest.mark.parametrize(
    "variant",
    [
        "阿里巴巴(中国)有限公司",
        "阿里巴巴（中国）有限公司",
        "阿里巴巴（中国）有限公司 ",
        "阿里巴巴 (中国) 有限公司",
        "阿里巴巴（中国）\n有限公司",
        "阿里巴巴（中国）有限公司\u3000",
    ],
)
def test_company_variants_become_one_spelling(variant: str) -> None:
    assert normalize_company(variant) == "阿里巴巴（中国）有限公司"
    assert company_key(variant) == "阿里巴巴（中国）有限公司"


def test_full_width_latin_is_folded_and_latin_words_keep_one_space() -> None:
    assert normalize_company("ＡＢＣ  Tech （北京）有限公司") == "ABC Tech（北京）有限公司"
    assert company_key("ABC Tech（北京）有限公司") == company_key("abc  tech(北京)有限公司")


def test_different_entities_keep_different_keys() -> None:
    assert company_key("北京字节跳动科技有限公司") != company_key("北京字节跳动网络技术有限公司")
