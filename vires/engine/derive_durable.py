"""The `durable` engine: the closure of SPEC 3.1 steps 1-2 computed by durable_rules rules over facts.

Facts, one sid per derivation:

- `grant`      {key, rule, holder, mask} — a power granted to one body (compile.Grant);
- `delegation` {key, rule, source, target, mask, reach} — a delegation as an edge (compile.Edge);
- `authority`  {key, parent, rule, power, body, depth, path, mask, undelegable} — `body` holds
  authority by a chain whose last link is `rule`; `parent` is the key of the authority it extends
  (0 for a grant), `path` the bodies already on the chain (at most MAX_LINKS, for the simple-path
  test), `mask` the functions every link covers, `undelegable` whether this link fails the static
  delegability test of step 2.

Two generic rules, registered once per process, whatever the pack:

- `grant`:    a grant fact            => an authority fact of depth 1;
- `delegate`: an authority fact `a` and a delegation fact `e` with `e.source == a.body` and
  `e.reach > a.depth` (a chain has at most MAX_LINKS links) => an authority fact one link longer,
  unless `e.target` is on `a.path` or the masks do not meet. Masks are hex text, since they may
  exceed 64 bits; the `&` runs in the action. The bound sits in the join, with `reach` =
  MAX_LINKS on every delegation fact, because durable_rules refuses to store a fact that matches
  no condition (MessageNotHandledException): an authority fact at the cap must still match `a`.

Chains are rebuilt in Python from the parent pointers of the authority facts read back.

The delegation facts are asserted first and stay for the whole derivation; the grants follow in batches.
durable_rules holds about 8 KB a fact whatever its content (each stored message has room for 255
properties), and its indexes have a fixed number of buckets, so a fact costs more the more are held.
A grant's cascade is complete when its assert returns, and a join only pairs an authority fact with a
delegation fact, so once about BATCH grant and authority facts are held they are read back, checked and
their chains rebuilt, and then retracted: at 50,000 delegations the peak falls from about 1.4 GB to about
0.6 GB, the derivation is faster, and a 32-bit hash can collide only with the fewer facts held.

durable_rules 2.0.28 needs defending (SPEC 3.3, DURABLE_RULES.md):

- Every durable call is made holding `_LOCK`, and a derivation holds it throughout, so one sid is
  live at a time; its state is deleted afterwards (the C engine keeps at most 1,024 states).
- The ruleset is a bare `durable.engine.Ruleset`, not one registered with a `durable.engine.Host`:
  a host starts two dispatch threads that never die and can run our actions off our thread. With
  the bare ruleset every action runs inside our own call, under the lock.
- Exceptions inside actions are swallowed by durable_rules into `state['exception']`; the action
  also records them, and both are checked after every call. `MessageObservedException` and
  `MessageNotHandledException` become `EngineError`.
- Facts are identified by a 32-bit hash of their content, so two different facts can collide and
  the second is refused as "already observed". Every fact carries a unique `key`, and a refused
  fact is asserted again with a different `salt` (nothing of it was stored). Every fact asserted
  must be read back, every authority fact must have joined every delegation from its
  body (while it may still grow) exactly once, and every grant fired once; any mismatch raises
  `engine-dropped-facts`: a detected drop is an error, never a smaller answer. This is checked batch by
  batch: a read-back must show the delegation facts and exactly the facts asserted since the last one, so a
  fact lost shows in its own batch, and a retraction that failed shows in the next.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import traceback
from collections import Counter

from vires.engine.chains import MAX_LINKS, Chain, sort_chains
from vires.engine.graph import AuthorityGraph
from vires.errors import EngineError

RULESET = "vires-authority"
MAX_FACTS = 200_000  # authority facts per derivation: slower per fact as durable_rules holds more
BATCH = 10_000  # grant and authority facts held in durable_rules before they are read back and retracted
SALTS = 8  # attempts to store a fact whose content hash collides with another's
HINT = "use the native engine, which derives the same chains in plain Python"  # remedy: engine-native

_LOCK = threading.Lock()
_ruleset = None  # the durable_rules ruleset, created once per process under _LOCK
_runs: dict[str, _Run] = {}  # sid -> the derivation its actions belong to
_sids = itertools.count(1)


class DurableEngine:
    """Derives every simple chain with durable_rules; the same chains as `NativeEngine`."""

    name = "durable"

    def derive(self, compiled: AuthorityGraph) -> tuple[Chain, ...]:
        with _LOCK:
            ruleset = _get_ruleset()
            run = _Run(compiled, ruleset, f"vires-{next(_sids)}")
            _runs[run.sid] = run
            try:
                chains = run.derive()
            finally:
                del _runs[run.sid]
                left = run.close()
            if left is not None:
                raise left
            return chains


def _get_ruleset():
    global _ruleset
    if _ruleset is None:
        from durable import engine

        _ruleset = engine.Ruleset(
            RULESET,
            None,
            {
                "grant": {"all": [{"g": {"fact": "grant"}}], "run": _grant},
                "delegate": {
                    "all": [
                        {"a": {"fact": "authority"}},
                        {
                            "e": {
                                "$and": [
                                    {"fact": "delegation"},
                                    {"source": {"a": "body"}},
                                    {"$gt": {"reach": {"a": "depth"}}},
                                ]
                            }
                        },
                    ],
                    "run": _delegate,
                },
            },
        )
    return _ruleset


# ---- the actions: small, generic, and never silent ------------------------------------------


def _grant(c) -> None:
    """Rule `grant`: a power granted to a body gives it authority by a chain of one link."""
    run = _runs[c.s["sid"]]
    with run.recording():
        g = dict(c.g.items())
        run.granted[g["key"]] += 1
        run.store_authority(
            parent=0,
            rule=g["rule"],
            power=g["rule"],
            body=g["holder"],
            depth=1,
            path=[g["holder"]],
            mask=g["mask"],
            undelegable=False,
        )


def _delegate(c) -> None:
    """Rule `delegate`: authority joined with a delegation from its body gives the delegate authority."""
    run = _runs[c.s["sid"]]
    with run.recording():
        run.extend(dict(c.a.items()), dict(c.e.items()))


# ---- one derivation -----------------------------------------------------------------------


class _Run:
    """The Python side of one derivation: the facts asserted, the joins fired, the errors seen."""

    def __init__(self, compiled: AuthorityGraph, ruleset, sid: str):
        self.compiled = compiled
        self.ruleset = ruleset
        self.sid = sid
        self.keys = itertools.count(1)
        self.standing: set[int] = set()  # keys of the delegation facts, stored for the whole derivation
        self.held: list[dict] = []  # the grant and authority facts stored since the last `settle`, as asserted
        self.authorities = 0
        self.granted: Counter = Counter()  # grant key -> times the grant rule fired
        self.joined: Counter = Counter()  # authority key -> delegations it was joined with
        self.errors: list[EngineError] = []
        self.opened = False  # has the sid's state been created?
        from durable.engine import MessageNotHandledException, MessageObservedException

        self._observed = MessageObservedException
        self._refused = (MessageNotHandledException, MessageObservedException)

    def derive(self) -> tuple[Chain, ...]:
        outgoing: Counter = Counter()
        for edge in self.compiled.edges:
            outgoing[edge.source] += 1
            self.call(
                self.store,
                {
                    "fact": "delegation",
                    "rule": edge.delegation,
                    "source": edge.source,
                    "target": edge.target,
                    "mask": format(edge.mask, "x"),
                    "reach": MAX_LINKS,
                },
            )
        chains: list[Chain] = []
        for grant in self.compiled.grants:
            self.call(
                self.store,
                {"fact": "grant", "rule": grant.power, "holder": grant.holder, "mask": format(grant.mask, "x")},
                run_actions=True,
            )
            if len(self.held) >= BATCH:
                chains.extend(self.settle(outgoing, last=False))
        chains.extend(self.settle(outgoing, last=True))
        return sort_chains(chains)

    def settle(self, outgoing: Counter, last: bool) -> list[Chain]:
        """The chains of the grants asserted since the last call, read back and checked; then, unless this is
        the last batch (whose facts go with the sid's state), their facts retracted to free durable_rules'
        memory. Each grant's cascade is complete when its assert returns, and joins only an authority fact with
        a delegation fact, so what is retracted can join nothing more; the next read-back shows it gone."""
        facts = self.call(_read_back, self.ruleset, self.sid) if self.opened else []
        self._check_complete(facts, outgoing)
        chains = self._chains(facts)
        if self.held and not last:
            self.call(self.ruleset.retract_facts, self.held)
        for fact in self.held:
            self.granted.pop(fact["key"], None)
            self.joined.pop(fact["key"], None)
        self.held = []
        return chains

    # ---- durable calls ----------------------------------------------------------------------

    def call(self, function, *args, run_actions: bool = False):
        """One durable call (and the actions it triggers), then the checks that it did not fail."""
        result = None
        try:
            result = function(*args)
            if run_actions:
                failed = []
                self.ruleset.do_actions(result, lambda error, state: failed.append(error))
                if any(failed):
                    self.failed(f"durable_rules could not complete an action: {failed[0]}")
        except self._refused as error:
            self.failed(getattr(error, "message", str(error)))
        except EngineError as error:
            self.errors.append(error)
        except Exception as error:
            self.failed(f"{type(error).__name__}: {error}")
        self._check_state()
        return result

    def failed(self, message: str) -> None:
        self.errors.append(
            EngineError.one(
                "engine-failed",
                f"durable_rules failed while deriving authority: {message}",
                hint=HINT,
                remedy="engine-native",
            )
        )

    def _check_state(self) -> None:
        """Raise the first error seen: recorded by an action or by `call`, or left in the sid's state."""
        if self.opened and not self.errors:
            try:
                exception = self.ruleset.get_state(self.sid).get("exception")
            except Exception as error:
                exception = f"the state of `{self.sid}` is lost: {error}"
            if exception:
                self.failed(str(exception))
        if self.errors:
            raise self.errors[0]

    def store(self, fact: dict) -> int:
        """Assert a fact with a fresh key; retry with another salt if its hash collides with a stored fact's."""
        key = next(self.keys)
        fact.update(key=key, sid=self.sid)
        self.opened = True  # the first assert creates the sid's state, stored or not
        for salt in range(SALTS):
            fact["salt"] = salt
            try:
                result = self.ruleset.assert_fact(fact)
            except self._observed:
                continue
            if fact["fact"] == "delegation":
                self.standing.add(key)
            else:
                self.held.append(fact)
            return result
        raise EngineError.one(
            "engine-dropped-facts",
            f"durable_rules refused fact {key} as a duplicate {SALTS} times",
            hint=HINT,
            remedy="engine-native",
        )

    def close(self) -> EngineError | None:
        """Delete the sid's state and every fact in it (the C engine holds at most 1,024 states).

        Returns the error if that failed, for the caller to raise unless it is raising already.
        """
        if not self.opened:
            return None
        try:
            self.ruleset.delete_state(self.sid)
        except Exception as error:
            return EngineError.one(
                "engine-failed",
                f"durable_rules could not delete the facts of `{self.sid}`: {error}",
                hint=HINT,
                remedy="engine-native",
            )
        return None

    # ---- inside actions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self):
        """Inside an action: record an exception before durable_rules swallows it, then let it go on."""
        try:
            yield
        except EngineError as error:
            self.errors.append(error)
            raise
        except Exception as error:
            self.failed(
                f"{type(error).__name__} in an action: {error}\n"
                + "".join(traceback.format_tb(error.__traceback__)[-2:])
            )
            raise

    def extend(self, a: dict, e: dict) -> None:
        """SPEC 3.1 step 2, statically: authority `a` passed on along delegation `e` from its body."""
        delegator, target = a["body"], e["target"]
        if e["source"] != delegator:
            return  # a pair the join index proposed on a hash alone: not a join
        self.joined[a["key"]] += 1
        if target in a["path"]:
            return  # chains are simple paths
        shared = int(a["mask"], 16) & int(e["mask"], 16)
        if not shared:
            return  # no function that every link covers
        delegable = self.compiled.acts_as(e["rule"]) or (  # a deputy acting as the officer: no `delegable`
            self.compiled.delegable_to(a["power"], target, delegator)
            and (a["depth"] == 1 or self.compiled.delegable_to(a["rule"], target, delegator))
        )
        self.store_authority(
            parent=a["key"],
            rule=e["rule"],
            power=a["power"],
            body=target,
            depth=a["depth"] + 1,
            path=a["path"] + [target],
            mask=format(shared, "x"),
            undelegable=not delegable,
        )

    def store_authority(self, **fields) -> None:
        if self.authorities >= MAX_FACTS:
            if self.errors:
                return  # already failing: let the remaining actions drain quickly
            raise EngineError.one(
                "too-many-chains",
                f"more than {MAX_FACTS:,} chains of authority for durable_rules; the delegations form too dense a web",
                hint=HINT,
                remedy="engine-native",
            )
        self.authorities += 1
        self.store({"fact": "authority", **fields})

    # ---- after the run ---------------------------------------------------------------------

    def _check_complete(self, facts: list[dict], outgoing: Counter) -> None:
        """Everything asserted and not retracted was kept, every grant fired once, every authority joined every
        edge once."""
        kept = {fact["key"] for fact in facts}
        held = self.standing | {fact["key"] for fact in self.held}
        if kept != held:
            lost, extra = len(held - kept), len(kept - held)
            raise EngineError.one(
                "engine-dropped-facts",
                f"durable_rules kept {len(kept):,} of the {len(held):,} facts it should hold "
                f"({lost:,} lost, {extra:,} unexpected)",
                hint=HINT,
                remedy="engine-native",
            )
        problems = 0
        for fact in facts:
            if fact["fact"] == "grant":
                problems += self.granted[fact["key"]] != 1
            elif fact["fact"] == "authority":
                expected = outgoing[fact["body"]] if fact["depth"] < MAX_LINKS else 0
                problems += self.joined[fact["key"]] != expected
        if problems:
            raise EngineError.one(
                "engine-dropped-facts",
                f"durable_rules missed or repeated the joins of {problems:,} facts",
                hint=HINT,
                remedy="engine-native",
            )

    def _chains(self, facts: list[dict]) -> list[Chain]:
        authorities = sorted((f for f in facts if f["fact"] == "authority"), key=lambda f: f["key"])
        built: dict[int, Chain] = {}
        for fact in authorities:  # a parent's key is always lower than its child's
            parent = built.get(fact["parent"]) if fact["parent"] else Chain((), ())
            if parent is None:
                raise EngineError.one(
                    "engine-dropped-facts",
                    f"authority fact {fact['key']} extends fact {fact['parent']}, which durable_rules did not keep",
                    hint=HINT,
                    remedy="engine-native",
                )
            undelegable = parent.undelegable + ((len(parent.links),) if fact["undelegable"] else ())
            built[fact["key"]] = Chain(parent.links + (fact["rule"],), parent.bodies + (fact["body"],), undelegable)
        return list(built.values())


def _read_back(ruleset, sid: str) -> list[dict]:
    """Every fact durable_rules holds for `sid`."""
    return ruleset.get_facts(sid)
