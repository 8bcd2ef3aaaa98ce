package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/secret"
	"shuangbai/store"
)

// keyEnv gives a test its own configuration folder and no key in the
// environment, so it never reads or writes the real user's key.
func keyEnv(t *testing.T) (config string) {
	t.Helper()
	config = t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("HOME", config)
	t.Setenv("SHUANGBAI_KEY", "")
	return config
}

// openWithKey opens the SQLite database at path and runs useKey on it with
// the key file flag given (or none), returning what it printed.
func openWithKey(t *testing.T, path, keyFile string) (*store.DB, string, error) {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cipher := string(secret.AES256GCM)
	var out bytes.Buffer
	err = useKey(t.Context(), st, path, keyFlags{file: &keyFile, cipher: &cipher}, &out)
	return st, out.String(), err
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestKeyDefaultsAwayFromData checks that a new key goes to the user's
// configuration folder, readable by the owner only, and not beside the
// database, so a copy of the data folder carries no key.
func TestKeyDefaultsAwayFromData(t *testing.T) {
	config := keyEnv(t)
	data := t.TempDir()
	path := filepath.Join(data, "x.db")
	_, out, err := openWithKey(t, path, "")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(config, "shuangbai", "x.db.key")
	if !strings.Contains(out, "已生成新的加密密钥 "+want) {
		t.Fatalf("output: %s; want the new key at %s", out, want)
	}
	if m := mode(t, want); m != 0o600 {
		t.Errorf("key file mode %o, want 600", m)
	}
	if m := mode(t, filepath.Dir(want)); m != 0o700 {
		t.Errorf("key folder mode %o, want 700", m)
	}
	entries, _ := os.ReadDir(data)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".key") {
			t.Errorf("a key file %s beside the data", e.Name())
		}
	}
	// The next start reads the same key and makes none.
	_, out, err = openWithKey(t, path, "")
	if err != nil || strings.Contains(out, "已生成") {
		t.Fatalf("second start: %v\n%s", err, out)
	}
}

// TestKeyBesideDataStillRead checks that an install whose key sits beside
// its database, as older versions made it, still starts, warned to move it.
func TestKeyBesideDataStillRead(t *testing.T) {
	config := keyEnv(t)
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := secret.GenerateKeyFile(path + ".key"); err != nil {
		t.Fatal(err)
	}
	_, out, err := openWithKey(t, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "警告") || !strings.Contains(out, path+".key") || !strings.Contains(out, filepath.Join(config, "shuangbai", "x.db.key")) {
		t.Errorf("no warning naming the key and where to move it:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(config, "shuangbai", "x.db.key")); err == nil {
		t.Error("a second key was made although one exists beside the data")
	}
}

// TestKeyFileFlag checks that --key-file wins over the default.
func TestKeyFileFlag(t *testing.T) {
	config := keyEnv(t)
	keyFile := filepath.Join(t.TempDir(), "keys", "k.key")
	_, out, err := openWithKey(t, filepath.Join(t.TempDir(), "x.db"), keyFile)
	if err != nil || !strings.Contains(out, keyFile) {
		t.Fatalf("useKey: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(config, "shuangbai")); err == nil {
		t.Error("the default key folder was made although --key-file was given")
	}
}

// TestNoNewKeyForSealedData checks that a database holding sealed staff
// phones refuses a new key when its own cannot be found.
func TestNoNewKeyForSealedData(t *testing.T) {
	keyEnv(t)
	path := filepath.Join(t.TempDir(), "x.db")
	st, _, err := openWithKey(t, path, "")
	if err != nil {
		t.Fatal(err)
	}
	p := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Phone: "13800138000", Role: shuangbai.StaffWorker}
	if err := st.CreatePerson(t.Context(), shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	st.Close()
	keyEnv(t) // the key is lost: another configuration folder
	if _, _, err := openWithKey(t, path, ""); err == nil || !strings.Contains(err.Error(), "找不到密钥文件") {
		t.Fatalf("err = %v; want a refusal to make a new key", err)
	}
	if _, err := loadKey(t.Context(), nil, "postgres://u@127.0.0.1/x", "", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("PostgreSQL without a key: %v", err)
	}
}

// TestUseKeySealsClearPhones checks that the start-up seals staff phones an
// older version left in the clear.
func TestUseKeySealsClearPhones(t *testing.T) {
	keyEnv(t)
	path := filepath.Join(t.TempDir(), "x.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO people (region, name, gender, phone, role, created_at, updated_at)
		VALUES ('445302003', '旧社工', '男', '13900139000', 'worker', '2021-01-01 00:00:00', '2021-01-01 00:00:00')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	st, out, err := openWithKey(t, path, "")
	if err != nil || !strings.Contains(out, "已加密保存 1 名工作人员的电话号码") {
		t.Fatalf("useKey: %v\n%s", err, out)
	}
	st.Close()
	raw, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var clear, sealed string
	if err := raw.QueryRow("SELECT phone, phone_enc FROM people").Scan(&clear, &sealed); err != nil || clear != "" || sealed == "" || strings.Contains(sealed, "139") {
		t.Errorf("stored phone %q, sealed %q, %v", clear, sealed, err)
	}
}
