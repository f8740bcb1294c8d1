import pytest
from hypothesis import given
from hypothesis import strategies as st

from schoonschip.crypto import (
    CryptoError,
    KeyMissing,
    KeyRing,
    aad_for,
    new_data_key,
    open_sealed,
    read_keyring_file,
    seal,
    write_keyring_file,
)


@given(st.binary(max_size=4096), st.integers(min_value=1, max_value=2**53))
def test_seal_round_trip(plaintext, case_id):
    key = new_data_key()
    aad = aad_for("debts", "reference_enc", case_id)
    assert open_sealed(key, seal(key, plaintext, aad), aad) == plaintext


def test_sealing_is_randomised():
    key = new_data_key()
    aad = aad_for("cases", "alias_enc", 1)
    assert seal(key, b"Fatima", aad) != seal(key, b"Fatima", aad)


def test_ciphertext_copied_to_other_case_fails():
    key = new_data_key()
    sealed = seal(key, b"Fatima", aad_for("cases", "alias_enc", 1))
    with pytest.raises(CryptoError):
        open_sealed(key, sealed, aad_for("cases", "alias_enc", 2))


def test_ciphertext_copied_to_other_column_or_table_fails():
    key = new_data_key()
    sealed = seal(key, b"Fatima", aad_for("cases", "alias_enc", 1))
    with pytest.raises(CryptoError):
        open_sealed(key, sealed, aad_for("cases", "story_enc", 1))
    with pytest.raises(CryptoError):
        open_sealed(key, sealed, aad_for("clients", "alias_enc", 1))


@given(st.data())
def test_any_flipped_bit_fails(data):
    key = new_data_key()
    aad = aad_for("cases", "alias_enc", 7)
    sealed = bytearray(seal(key, b"a name", aad))
    i = data.draw(st.integers(min_value=0, max_value=len(sealed) - 1))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    sealed[i] ^= 1 << bit
    with pytest.raises(CryptoError):
        open_sealed(key, bytes(sealed), aad)


def test_wrong_key_fails():
    aad = aad_for("cases", "alias_enc", 7)
    sealed = seal(new_data_key(), b"x", aad)
    with pytest.raises(CryptoError):
        open_sealed(new_data_key(), sealed, aad)


def test_wrapped_key_bound_to_subject_and_rewrap():
    ring = KeyRing.generate()
    dk = new_data_key()
    kid, blob = ring.wrap(dk, "case:1")
    assert ring.unwrap(kid, blob, "case:1") == dk
    with pytest.raises(CryptoError):
        ring.unwrap(kid, blob, "case:2")
    old = ring.active
    ring.add_new_active()
    kid2, blob2 = ring.rewrap(kid, blob, "case:1")
    assert kid2 == ring.active != old
    ring.retire([old])
    ring.drop_retired()
    assert ring.unwrap(kid2, blob2, "case:1") == dk
    with pytest.raises(KeyMissing):
        ring.unwrap(kid, blob, "case:1")


def test_keyring_file_mode(tmp_path):
    ring = KeyRing.generate()
    path = tmp_path / "master_keys.json"
    write_keyring_file(ring, path)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert read_keyring_file(path).active == ring.active
    path.chmod(0o644)
    with pytest.raises(CryptoError):
        read_keyring_file(path)
