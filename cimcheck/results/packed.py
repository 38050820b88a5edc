"""Sequences a cache reads back only when they are used.

A model's verdict holds what the model alone decides: at 100,000 elements, 13,000
findings (each item to confirm) and 15,700 ledger rows. A re-check under another site area
writes them as they were, from their cached text; unpickling them would take longer (0.3 s)
than the rest of the re-check. :class:`Packed` is a read-only sequence whose items are
pickled as one blob and unpickled at the first read of an item: its length and a small
``summary`` given when it was made (the worst status of some findings) need no unpickling.
:class:`Segments` joins such sequences end to end under names (the findings of each rule
of a pack, in the pack's order), so a reader can take a segment whole.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

__all__ = ["Packed", "Segments"]

T = TypeVar("T")


class _TupleLike(Sequence[T], Generic[T]):
    """A read-only sequence read by index through ``_as_tuple``.

    Equal to any sequence of the same items, as a tuple is; unhashable (it may load).
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self._as_tuple()[index]

    def _as_tuple(self) -> tuple[T, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Packed(_TupleLike[T]):
    """A tuple that pickles as one blob and unpickles its items when first read.

    Examples
    --------
    >>> p = pickle.loads(pickle.dumps(Packed([1, 2, 3], summary="three")))
    >>> len(p), p.summary, p.loaded
    (3, 'three', False)
    >>> p[1], p.loaded
    (2, True)
    """

    __slots__ = ("_blob", "_items", "_length", "summary")

    def __init__(self, items: Iterable[T] = (), summary: Any = None) -> None:
        self._items: tuple[T, ...] | None = tuple(items)
        self._blob: bytes | None = None
        self._length = len(self._items)
        self.summary = summary

    @classmethod
    def _unpickled(cls, blob: bytes, length: int, summary: Any) -> Packed[T]:
        packed: Packed[T] = cls.__new__(cls)
        packed._items, packed._blob, packed._length, packed.summary = None, blob, length, summary
        return packed

    def __reduce__(self) -> tuple[Any, ...]:
        if self._blob is None:
            self._blob = pickle.dumps(self._items, protocol=pickle.HIGHEST_PROTOCOL)
        return (type(self)._unpickled, (self._blob, self._length, self.summary))

    @property
    def loaded(self) -> bool:
        """Whether the items have been unpickled (or were never pickled)."""
        return self._items is not None

    @property
    def items(self) -> tuple[T, ...]:
        """The items as a tuple (unpickled now if they were not)."""
        if self._items is None:
            assert self._blob is not None
            self._items = pickle.loads(self._blob)
        return self._items

    def __len__(self) -> int:
        return self._length

    def _as_tuple(self) -> tuple[T, ...]:
        return self.items

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        shown = repr(self._items) if self._items is not None else f"<{self._length} packed>"
        return f"Packed({shown})"


class Segments(_TupleLike[T]):
    """Sequences joined end to end, each under a name (a rule id): one flat sequence.

    ``segments`` gives them back whole; iterating unpickles the segments as it reaches
    them, reading by index all of them at once.

    Examples
    --------
    >>> s = Segments([("a", (1, 2)), ("b", Packed([3]))])
    >>> list(s), len(s), s[2], [name for name, _ in s.segments]
    ([1, 2, 3], 3, 3, ['a', 'b'])
    """

    __slots__ = ("_flat", "_length", "segments")

    def __init__(self, segments: Iterable[tuple[str, Sequence[T]]]) -> None:
        self.segments: tuple[tuple[str, Sequence[T]], ...] = tuple(
            (name, seq) for name, seq in segments if len(seq))
        self._length = sum(len(seq) for _, seq in self.segments)
        self._flat: tuple[T, ...] | None = None

    def __len__(self) -> int:
        return self._length

    def _as_tuple(self) -> tuple[T, ...]:
        # Views read findings by row (60,000 reads to sort a table of 20,000): the first
        # read by index lays the segments out flat (unpickling them all).
        if self._flat is None:
            self._flat = tuple(self)
        return self._flat

    def __iter__(self) -> Iterator[T]:
        for _, seq in self.segments:
            yield from seq

    def __repr__(self) -> str:
        return f"Segments({list(self.segments)!r})"
