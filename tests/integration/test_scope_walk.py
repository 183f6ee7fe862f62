"""Walks EVERY named URL of the project as users of one county and proves no row of another county shows
(the walk itself is tests/scope_walk.py). A URL added later is covered without anyone remembering: only the
routes in NON_DATA are skipped, and a route whose arguments the walk does not understand fails the test.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.scope_registry import FOREIGN_BUILDERS, build_foreign_rows
from tests.scope_walk import walk


@pytest.mark.django_db
def test_every_scoped_model_has_foreign_rows():
    scoped = {m for m in apps.get_models() if getattr(m, "scope_path", None)}
    missing = scoped - set(FOREIGN_BUILDERS)
    assert not missing, f"这些模型声明了 scope_path，但 tests/scope_registry.py 没有外县数据：{missing}"


def test_walk_every_list_and_detail_route(tree, accounts, walkers):
    from sifasuo.core.scoping import EDIT, VIEW, scope_paths

    # the hub director walks with a cluster to read (HZ-1): their own office and the member office, while
    # writes stay in their own office — else the walk would only walk a plain office director again
    hub_director = walkers["hub_director"]
    assert scope_paths(hub_director, VIEW) == (tree["office2"].path, tree["office"].path)
    assert scope_paths(hub_director, EDIT) == (tree["office2"].path,)
    walked_lists, walked_details = walk(walkers, build_foreign_rows(tree, accounts))
    # The walk really walked: lists answered and foreign detail routes were tried.
    assert walked_lists > 40
    assert walked_details > 10
