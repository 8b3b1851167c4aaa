// checkpoint_check verifies our checkpoints and proofs with Go's own implementation
// (golang.org/x/mod/sumdb/note and sumdb/tlog), which nobody on this project wrote.
//
// Usage: checkpoint_check INPUT.json
//
// INPUT holds {"vkey", "note", "old_note", "index", "leaf_hash", "inclusion",
// "consistency"}: hashes in hex. It opens both notes with the vkey (note.Open), reads each
// checkpoint body (origin, size, base64 root), checks the leaf's inclusion proof in the new
// checkpoint (tlog.CheckRecord) and the consistency proof from the old checkpoint to the
// new one (tlog.CheckTree). It prints one JSON object and exits 1 if anything fails.
//
// Built in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode (Debian's
// golang-golang-x-mod-dev), as tests/interop/test_go_interop.py does.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	Vkey        string   `json:"vkey"`
	Note        string   `json:"note"`
	OldNote     string   `json:"old_note"`
	Index       int64    `json:"index"`
	LeafHash    string   `json:"leaf_hash"`
	Inclusion   []string `json:"inclusion"`
	Consistency []string `json:"consistency"`
}

type checkpoint struct {
	Origin string `json:"origin"`
	Size   int64  `json:"size"`
	Root   string `json:"root"`
	hash   tlog.Hash
}

type output struct {
	OK          bool        `json:"ok"`
	Checkpoint  *checkpoint `json:"checkpoint,omitempty"`
	Old         *checkpoint `json:"old,omitempty"`
	Signers     []string    `json:"signers,omitempty"`
	Inclusion   string      `json:"inclusion"`
	Consistency string      `json:"consistency"`
	Error       string      `json:"error,omitempty"`
}

func open(v note.Verifier, text string) (*checkpoint, []string, error) {
	n, err := note.Open([]byte(text), note.VerifierList(v))
	if err != nil {
		return nil, nil, fmt.Errorf("note.Open: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return nil, nil, fmt.Errorf("checkpoint body has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return nil, nil, fmt.Errorf("tree size: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return nil, nil, fmt.Errorf("root %q is not a base64 SHA-256 hash", lines[2])
	}
	c := &checkpoint{Origin: lines[0], Size: size, Root: hex.EncodeToString(raw)}
	copy(c.hash[:], raw)
	var signers []string
	for _, s := range n.Sigs {
		signers = append(signers, fmt.Sprintf("%s+%08x", s.Name, s.Hash))
	}
	return c, signers, nil
}

func hashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, h := range list {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw) != tlog.HashSize {
			return nil, fmt.Errorf("hash %d (%q) is not 32 bytes of hex", i, h)
		}
		copy(out[i][:], raw)
	}
	return out, nil
}

func run(in input) output {
	out := output{Inclusion: "not checked", Consistency: "not checked"}
	v, err := note.NewVerifier(in.Vkey)
	if err != nil {
		out.Error = fmt.Sprintf("note.NewVerifier: %v", err)
		return out
	}
	c, signers, err := open(v, in.Note)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Checkpoint, out.Signers = c, signers
	leaf, err := hashes([]string{in.LeafHash})
	if err != nil {
		out.Error = err.Error()
		return out
	}
	path, err := hashes(in.Inclusion)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	if err := tlog.CheckRecord(tlog.RecordProof(path), c.Size, c.hash, in.Index, leaf[0]); err != nil {
		out.Inclusion = err.Error()
	} else {
		out.Inclusion = "ok"
	}
	if in.OldNote != "" {
		old, _, err := open(v, in.OldNote)
		if err != nil {
			out.Error = "old checkpoint: " + err.Error()
			return out
		}
		out.Old = old
		proof, err := hashes(in.Consistency)
		if err != nil {
			out.Error = err.Error()
			return out
		}
		if err := tlog.CheckTree(tlog.TreeProof(proof), c.Size, c.hash, old.Size, old.hash); err != nil {
			out.Consistency = err.Error()
		} else {
			out.Consistency = "ok"
		}
	}
	out.OK = out.Inclusion == "ok" && (in.OldNote == "" || out.Consistency == "ok")
	return out
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: checkpoint_check INPUT.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := run(in)
	encoded, _ := json.Marshal(out)
	fmt.Println(string(encoded))
	if !out.OK {
		os.Exit(1)
	}
}
