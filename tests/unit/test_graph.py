"""The schema graph (generator/graph.py): components, cycles and reachability, iterative at any
chain length."""

from __future__ import annotations

import time

from generator import ir
from generator.graph import components, cycles, direct_refs, reach_from, reachable, schema_edges


def obj(name: str, *targets: str) -> ir.ObjectModel:
    fields = tuple(
        ir.Field(name=f"f{i}", type=ir.Nullable(ir.ArrayOf(ir.Ref(t))), required=False)
        for i, t in enumerate(targets)
    )
    return ir.ObjectModel(name=name, fields=fields)


def test_reachable_models_follow_cycles() -> None:
    schemas: dict[str, ir.Schema] = {
        "A": obj("A", "B"),
        "B": obj("B", "C", "A"),
        "C": obj("C", "Missing"),
        "D": obj("D"),
    }
    reach = reachable(schemas)
    assert reach["A"] == reach["B"] == {"A", "B", "C", "Missing"}
    assert reach["C"] == {"C", "Missing"}
    assert reach["D"] == {"D"}
    assert reach["Missing"] == {"Missing"}
    assert reach_from(["C", "Unknown"], reach) == {"C", "Missing", "Unknown"}


def test_edges_see_through_every_type_constructor() -> None:
    t = ir.UnionOf(
        (
            ir.Nullable(ir.Ref("A")),
            ir.MapOf(ir.ArrayOf(ir.Ref("B"))),
            ir.EnumOf(("x",)),
            ir.Prim("string"),
        )
    )
    assert direct_refs(t) == {"A", "B"}
    union = ir.UnionModel(name="U", union=ir.UnionOf((ir.Ref("A"), ir.Ref("C"))))
    alias = ir.AliasModel(name="L", target=ir.ArrayOf(ir.Ref("D")))
    extra = ir.ObjectModel(name="O", fields=(), extra=ir.Ref("E"))
    assert schema_edges(union) == {"A", "C"}
    assert schema_edges(alias) == {"D"}
    assert schema_edges(extra) == {"E"}
    assert schema_edges(ir.EnumModel(name="N", values=("a",))) == set()
    assert schema_edges(None) == set()


def test_components_come_after_their_successors() -> None:
    graph = {"a": ["b"], "b": ["c", "a"], "c": ["d"], "d": [], "e": ["e"]}
    found = components(graph)
    assert sorted(sorted(c) for c in found) == [["a", "b"], ["c"], ["d"], ["e"]]
    order = {n: i for i, c in enumerate(found) for n in c}
    assert order["d"] < order["c"] < order["a"]


def test_cycles_name_only_nodes_on_a_cycle() -> None:
    comp = cycles({"a": ["b"], "b": ["a", "c"], "c": ["d"], "s": ["s"], "d": []})
    assert comp["a"] == comp["b"]
    assert "s" in comp and comp["s"] != comp["a"]
    assert "c" not in comp and "d" not in comp


def test_long_chains_need_no_recursion() -> None:
    n = 20_000
    schemas: dict[str, ir.Schema] = {
        f"S{i}": ir.AliasModel(name=f"S{i}", target=ir.Ref(f"S{i + 1}")) for i in range(n)
    }
    schemas[f"S{n}"] = obj(f"S{n}", "S0")  # closes one long cycle
    start = time.perf_counter()
    comp = cycles({name: sorted(schema_edges(s)) for name, s in schemas.items()})
    reach = reachable(schemas)
    assert time.perf_counter() - start < 5
    assert len(set(comp.values())) == 1 and len(comp) == n + 1
    assert len(reach["S0"]) == n + 1
