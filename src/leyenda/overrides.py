"""The user's corrections to entity resolution: `leyenda merge` and `leyenda split`.

Both store an override in the case file (table ``overrides``) and re-run the cross-document
stages at once (resolution, reconciliation, saving: no document is parsed again), so the
case file shows the correction immediately. Every later build applies the stored overrides
again, so they survive rebuilds and new documents. What each one means is set out in
`leyenda.resolve` (module docstring); in short:

* ``merge A B``: the entity carrying name A and the entity carrying name B are one
  (``merged_because`` rule ``user-merge``);
* ``split NAME``: the mentions written NAME (and the short forms of their document that
  refer back to them) leave their entity and form one entity of their own.

Names are compared with an entity's name and aliases without case or accents. A name that
no entity carries, or that several carry, is refused with the list of what matches; the
same check is made before anything is stored, so a refused command changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from .cross import resolve_store
from .errors import LeyendaError
from .mentions import normalize_name
from .model import Entity
from .resolve import written_forms
from .store import Store

#: At most this many matching entities are listed in an "ambiguous name" error.
_LISTED = 8


def find_entity(entities: tuple[Entity, ...] | list[Entity], name: str, casefile: str) -> Entity:
    """The one entity a user's name means: by its name first, then by its aliases.

    Raises `LeyendaError` naming the case file when no entity or several carry the name.
    """
    key = normalize_name(name)
    if not key:
        raise LeyendaError(f"{casefile}: an empty name matches no entity")
    by_name = [e for e in entities if normalize_name(e.name) == key]
    if len(by_name) == 1:
        return by_name[0]
    found = by_name or [e for e in entities if key in {normalize_name(a) for a in e.aliases}]
    if len(found) == 1:
        return found[0]
    if not found:
        raise LeyendaError(f"{casefile}: no entity is called '{name}' (by name or alias)")
    listed = "; ".join(f"{e.name} ({e.type}, {e.id})" for e in found[:_LISTED])
    more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    raise LeyendaError(
        f"{casefile}: '{name}' is ambiguous, {len(found)} entities match: {listed}{more};"
        " use a fuller name"
    )


def _spelled(entity: Entity, name: str) -> int:
    """How many of the entity's mentions are written `name` (case and accents aside)."""
    key = normalize_name(name)
    return sum(1 for m in entity.mentions if key in written_forms(m.text))


def merge_entities(casefile: str | Path, name_a: str, name_b: str) -> str:
    """Make the entities called `name_a` and `name_b` one, now and on every later build.

    Returns a one-line message for the user; raises `LeyendaError` for an unknown or
    ambiguous name (nothing is stored then).
    """
    with Store.open(casefile) as store:
        entities = store.load_casefile().entities
        a = find_entity(entities, name_a, str(casefile))
        b = find_entity(entities, name_b, str(casefile))
        if a.id == b.id:
            return f"'{name_a}' and '{name_b}' are already one entity: {a.name}"
        store.add_override("merge", name_a, name_b)
        resolve_store(store)
        merged = find_entity(store.load_casefile().entities, name_a, str(casefile))
    return (
        f"merged '{a.name}' and '{b.name}' into '{merged.name}' "
        f"({len(merged.mentions)} mentions); kept across rebuilds"
    )


def split_entity(casefile: str | Path, name: str) -> str:
    """Make the mentions written `name` an entity of their own, now and on every later build.

    Returns a one-line message for the user; raises `LeyendaError` for an unknown or
    ambiguous name, or a name no mention is written as (an alias leyenda derived, such as
    a nickname joined to a surname, has no mentions to split off).
    """
    with Store.open(casefile) as store:
        entities = store.load_casefile().entities
        entity = find_entity(entities, name, str(casefile))
        count = _spelled(entity, name)
        if count == 0:
            raise LeyendaError(
                f"{casefile}: no mention of '{entity.name}' is written '{name}', so there is"
                " nothing to split off; give a name as the articles write it"
            )
        store.add_override("split", name)
        resolve_store(store)
        after = store.load_casefile().entities
    key = normalize_name(name)
    holder = {(m.doc, m.start): e for e in after for m in e.mentions}
    own = next(holder[(m.doc, m.start)] for m in entity.mentions if key in written_forms(m.text))
    rest = [holder[(m.doc, m.start)] for m in entity.mentions if key not in written_forms(m.text)]
    stay = [e for e in rest if e.id != own.id]
    left = f"; {len(stay)} other mentions stay with '{stay[0].name}'" if stay else ""
    return (
        f"split '{name}' off '{entity.name}': '{own.name}' is now its own entity "
        f"({len(own.mentions)} mentions){left}; kept across rebuilds"
    )
