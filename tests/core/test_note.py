"""C2SP signed notes, checkpoints and cosignatures: the specs' examples and Go's vectors."""

from __future__ import annotations

import base64

import pytest

from core.note import (
    COSIGNATURE_V1,
    Checkpoint,
    InvalidNoteSignature,
    NoteError,
    Signer,
    UnverifiedNote,
    Verifier,
    cosignature_time,
    key_id,
    open_checkpoint,
    open_note,
    parse_note,
    sign_note,
)

# The vectors of golang.org/x/mod/sumdb/note's tests (an implementation nobody here wrote).
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdng"
    "otpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox"
    "33WWd1RvMc+QQ=\n"
)

# The examples of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature.
SOFA = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SOFA_LOG_SIG = (
    "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhc"
    "yv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)
SOFA_WITNESS_SIG = (
    "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3"
    "b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)


def test_vkey_round_trips_and_its_key_id_is_the_spec_hash():
    verifier = Verifier.from_vkey(PETER_VKEY)

    assert verifier.key_id.hex() == "c74f20a3"
    assert verifier.key_id == key_id("PeterNeumann", 0x01, verifier.public_key)
    assert verifier.vkey == PETER_VKEY


def test_skey_gives_the_vkey_and_the_exact_signature_go_writes():
    signer = Signer.from_skey(PETER_SKEY)

    assert signer.skey == PETER_SKEY
    assert signer.verifier.vkey == PETER_VKEY
    assert sign_note(TEXT, signer) == TEXT + "\n" + PETER_SIG


def test_a_known_signature_verifies_and_an_unknown_one_is_ignored():
    opened = open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, [Verifier.from_vkey(PETER_VKEY)])

    assert opened.text == TEXT
    assert [v.name for v in opened.verified] == ["PeterNeumann"]
    assert [(s.name, s.key_id.hex()) for s in opened.unverified] == [("EnochRoot", "af0cfe78")]


def test_a_note_no_known_key_signed_is_refused():
    with pytest.raises(UnverifiedNote):
        open_note(TEXT + "\n" + ENOCH_SIG, [Verifier.from_vkey(PETER_VKEY)])


def test_a_key_sharing_only_the_name_is_unknown_not_a_failure():
    stranger = Signer.from_seed("PeterNeumann", bytes(32)).verifier

    with pytest.raises(UnverifiedNote):
        open_note(TEXT + "\n" + PETER_SIG, [stranger])


def test_a_known_key_whose_signature_fails_rejects_the_note():
    tampered = TEXT.replace("answer", "answers") + "\n" + PETER_SIG

    with pytest.raises(InvalidNoteSignature):
        open_note(tampered, [Verifier.from_vkey(PETER_VKEY)])


@pytest.mark.parametrize(
    "message",
    [
        TEXT + PETER_SIG,  # no blank line
        TEXT + "\n",  # no signature
        TEXT + "\n" + PETER_SIG.rstrip("\n"),  # last line without newline
        TEXT + "\n" + PETER_SIG.replace("— ", "-- "),
        TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter+Neumann"),
        TEXT + "\n" + "— PeterNeumann AAAA\n",  # shorter than a key ID and one byte
        "tab\there\n\n" + PETER_SIG,
    ],
)
def test_malformed_notes_are_refused(message):
    with pytest.raises(NoteError):
        open_note(message, [Verifier.from_vkey(PETER_VKEY)])


@pytest.mark.parametrize(
    "vkey",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+AhpZ2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # type 0x02
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_bad_vkeys_are_refused(vkey):
    with pytest.raises(NoteError):
        Verifier.from_vkey(vkey)


def test_the_spec_checkpoint_parses_and_formats_back():
    checkpoint = Checkpoint.parse(SOFA)

    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.body() == SOFA


def test_the_spec_cosigned_checkpoint_parses_and_its_cosignature_carries_the_spec_time():
    note = parse_note(SOFA + "\n" + SOFA_LOG_SIG + SOFA_WITNESS_SIG)

    assert note.text == SOFA
    assert [s.name for s in note.signatures] == [
        "example.com/behind-the-sofa",
        "witness.example.com/w1",
    ]
    assert cosignature_time(note.signatures[1].signature) == 1679315147  # the spec's "time" line
    assert str(note) == SOFA + "\n" + SOFA_LOG_SIG + SOFA_WITNESS_SIG


def test_extension_lines_are_kept_and_must_not_be_empty():
    text = SOFA + "time 2026-12-07T10:00:00Z\n"

    assert Checkpoint.parse(text).extensions == ("time 2026-12-07T10:00:00Z",)
    assert Checkpoint.parse(text).body() == text
    with pytest.raises(NoteError):
        Checkpoint.parse(SOFA + "\n")


@pytest.mark.parametrize(
    "body",
    [
        "example.com/log\n020\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",  # leading zero
        "example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2\n",  # not 32 bytes
        "\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n20\n",
        "example.com/log\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",  # no final newline
    ],
)
def test_a_checkpoint_body_off_the_format_is_refused(body):
    with pytest.raises(NoteError):
        Checkpoint.parse(body)


def test_a_cosignature_signs_header_time_and_body_and_verifies_by_its_type_0x04_key():
    log = Signer.from_seed("example.com/log", bytes(range(32)))
    witness = Signer.from_seed("witness.example/w1", bytes(range(1, 33))).cosigner()
    body = Checkpoint("example.com/log", 3, bytes(32)).body()
    note = sign_note(body, log) + witness.signature_line(body.encode(), timestamp=1679315147)

    checkpoint, opened = open_checkpoint(note, [log.verifier, witness.verifier])

    assert checkpoint.size == 3
    assert [v.signature_type for v in opened.verified] == [0x01, COSIGNATURE_V1]
    signature = parse_note(note).signatures[1]
    assert signature.key_id == key_id("witness.example/w1", 0x04, witness.verifier.public_key)
    assert cosignature_time(signature.signature) == 1679315147
    assert witness.verifier.vkey.split("+")[2].startswith("B")  # base64 of 0x04 ‖ key


def test_a_cosignature_with_its_time_changed_does_not_verify():
    witness = Signer.from_seed("witness.example/w1", bytes(range(1, 33))).cosigner()
    body = Checkpoint("example.com/log", 3, bytes(32)).body().encode()
    raw = witness.signature(body, timestamp=1000)
    moved = raw[:4] + (1001).to_bytes(8, "big") + raw[12:]

    assert witness.verifier.verify(body, raw[4:])
    assert not witness.verifier.verify(body, moved[4:])
