"""Encryption of personal values at rest, and keyed hashes ("blind indexes") to find them.

No Django here: the key ring, the ciphertext format and the blind index are plain functions,
tested directly. ``ctis.core.fields`` puts them behind model fields.

Ciphertext format (a text token, so it fits any text column and any dump)::

    e2:<key version>:<base64url, no padding, of nonce(12) || AES-256-GCM ciphertext+tag(16)>

* ``e2`` names the associated-data scheme; ``<key version>`` is the ring version that encrypted
  the value, so rotation finds stale values with a prefix test (even in SQL) and decryption
  picks the key.
* ``e2``: the header, the caller's ``aad`` (``table.column``) and ``row`` (the identity of the
  row, fixed before its first INSERT: a UUID) are the associated data: a value copied into
  another column *or another row* (two people's names swapped), or a header edited to name
  another key or scheme, fails to decrypt.
* ``e1`` (older values, and files, whose ``aad`` names them already): header and ``aad`` only.
  Still readable; ``ctis keys rotate`` upgrades column values to ``e2`` in resumable batches.
* The plaintext is UTF-8, padded to a multiple of 16 bytes (ISO/IEC 7816-4: 0x80 then zeros), so
  a ciphertext shows the length of a value only to the nearest 16 bytes.
* Every failure raises :class:`DecryptionError`; a wrong key never yields the ciphertext or
  garbage. No error message carries key material or a value.

Blind index: ``HMAC-SHA256(index key, purpose || 0x00 || normalised value)``. The purpose
(``person.name``, ``person.phone``) keeps equal values in different fields from linking.

Examples:
    >>> ring = KeyRing.parse("1:" + generate_key())
    >>> token = ring.encrypt("Jelena", aad="cases_person.given_name")
    >>> ring.decrypt(token, aad="cases_person.given_name")
    'Jelena'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = "e1"  # bound to the place (aad) only
FORMAT_ROW = "e2"  # bound to the place and the row's identity
FORMATS = (FORMAT, FORMAT_ROW)
KEY_BYTES = 32
NONCE_BYTES = 12
PAD_BLOCK = 16
_VERSION = re.compile(r"[1-9][0-9]{0,8}")


class KeyConfigError(ValueError):
    """A key ring or index key is malformed. The message never contains key material."""


class DecryptionError(Exception):
    """A value could not be decrypted: wrong key, tampered value, other column, unknown key."""


def generate_key() -> str:
    """A fresh 32-byte key, URL-safe base64 (what ``ctis keys generate`` prints)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def decode_key(text: str, *, label: str) -> bytes:
    """Decode one URL-safe base64 key of exactly 32 bytes; ``label`` names it in errors."""
    text = text.strip()
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise KeyConfigError(f"{label} is not valid URL-safe base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyConfigError(f"{label} must decode to {KEY_BYTES} bytes, not {len(raw)}")
    return raw


@dataclass(frozen=True)
class KeyRing:
    """Versioned AES-256 keys: the highest version encrypts, every version decrypts."""

    keys: Mapping[int, bytes] = field(repr=False)

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyConfigError("the key ring holds no key")

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Parse ``"1:<key>,2:<key>"`` (the ``CTIS_DATA_KEYS`` setting)."""
        keys: dict[int, bytes] = {}
        entries = [entry.strip() for entry in (spec or "").split(",") if entry.strip()]
        if not entries:
            raise KeyConfigError("the key ring is empty: expected version:key pairs")
        for position, entry in enumerate(entries, start=1):
            version_text, sep, key_text = entry.partition(":")
            if not sep:
                raise KeyConfigError(f"key ring entry {position} is not in version:key form")
            if not _VERSION.fullmatch(version_text.strip()):
                raise KeyConfigError(
                    f"key ring entry {position}: the version must be a positive whole number"
                )
            version = int(version_text)
            if version in keys:
                raise KeyConfigError(f"key ring entry {position}: version {version} appears twice")
            keys[version] = decode_key(key_text, label=f"key ring entry {position}")
        return cls(keys)

    @property
    def current_version(self) -> int:
        return max(self.keys)

    @cached_property
    def _ciphers(self) -> dict[int, AESGCM]:
        return {version: AESGCM(key) for version, key in self.keys.items()}

    def encrypt(self, plaintext: str, *, aad: str, row: str | None = None) -> str:
        """Encrypt under the newest key; ``aad`` binds the value to its place (``table.column``)
        and ``row``, if given, to its row (format ``e2``; without it ``e1``)."""
        version = self.current_version
        header = f"{FORMAT if row is None else FORMAT_ROW}:{version}:"
        nonce = os.urandom(NONCE_BYTES)
        body = self._ciphers[version].encrypt(
            nonce, _pad(plaintext.encode()), _aad(header, aad, row)
        )
        return header + base64.urlsafe_b64encode(nonce + body).rstrip(b"=").decode("ascii")

    def decrypt(self, token: str, *, aad: str, row: str | None = None) -> str:
        """The plaintext, or :class:`DecryptionError`; never the token itself.

        An ``e2`` token needs the ``row`` it was bound to; an ``e1`` token ignores ``row``."""
        fmt, version, payload = _split(token)
        cipher = self._ciphers.get(version)
        if cipher is None:
            raise DecryptionError(f"{aad}: key version {version} is not in the key ring")
        if fmt == FORMAT_ROW and not row:
            raise DecryptionError(f"{aad}: the value is bound to a row, and no row was given")
        header = f"{fmt}:{version}:"
        try:
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        except (binascii.Error, ValueError):
            raise DecryptionError(f"{aad}: the stored value is not valid base64") from None
        if len(raw) < NONCE_BYTES + 16:
            raise DecryptionError(f"{aad}: the stored value is truncated")
        bound = _aad(header, aad, row if fmt == FORMAT_ROW else None)
        try:
            padded = cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bound)
        except InvalidTag:
            raise DecryptionError(
                f"{aad}: authentication failed (wrong key, altered value, or a value "
                "copied from another column or row)"
            ) from None
        try:
            return _unpad(padded).decode()
        except (ValueError, UnicodeDecodeError):
            raise DecryptionError(f"{aad}: the decrypted value is malformed") from None

    def needs_rotation(self, token: str) -> bool:
        """True when ``token`` was not encrypted under the newest key."""
        return key_version(token) != self.current_version

    def current_prefix(self, *, row_bound: bool = False) -> str:
        """The prefix every value encrypted under the newest key (and scheme) starts with."""
        return f"{FORMAT_ROW if row_bound else FORMAT}:{self.current_version}:"


def is_row_bound(token: str) -> bool:
    """True when ``token`` is bound to its row (``e2``)."""
    return _split(token)[0] == FORMAT_ROW


def key_version(token: str) -> int:
    """The key version named in a token's header (DecryptionError if it has none)."""
    return _split(token)[1]


def is_token(value: str) -> bool:
    try:
        _split(value)
    except DecryptionError:
        return False
    return True


def _split(token: str) -> tuple[str, int, str]:
    fmt, sep1, rest = token.partition(":")
    version_text, sep2, payload = rest.partition(":")
    if fmt not in FORMATS or not sep1 or not sep2 or not _VERSION.fullmatch(version_text):
        raise DecryptionError("the stored value is not an encrypted value in a known format")
    return fmt, int(version_text), payload


def _aad(header: str, aad: str, row: str | None = None) -> bytes:
    bound = header.encode() + b"\x00" + aad.encode()
    return bound if row is None else bound + b"\x00" + row.encode()


def _pad(data: bytes) -> bytes:
    data += b"\x80"
    return data + b"\x00" * (-len(data) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise ValueError("bad padding")
    return end[:-1]


# --- Blind indexes -------------------------------------------------------------------------


def normalise_exact(value: str) -> str:
    """The normalisation every blind index applies: NFKC, casefold, single spaces, trimmed.

    Field-specific rules (names: ``ctis.core.names.search_keys``; phone numbers in E.164) are
    applied by the caller before this.
    """
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str, *, key: bytes, purpose: str) -> str:
    """HMAC-SHA256 (hex) of the normalised value, with ``purpose`` mixed in.

    Equal values give equal digests within one purpose and unrelated digests across purposes;
    without the key, a digest cannot be tested against guesses.
    """
    if len(key) != KEY_BYTES:
        raise KeyConfigError(f"the blind-index key must be {KEY_BYTES} bytes")
    if not purpose or "\x00" in purpose:
        raise ValueError("a blind index needs a purpose without NUL characters")
    message = purpose.encode() + b"\x00" + normalise_exact(value).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_fingerprint(key: bytes) -> str:
    """A short, non-secret identifier of a key (to tell which key made a stored digest)."""
    return hmac.new(key, b"ctis key fingerprint", hashlib.sha256).hexdigest()[:8]
