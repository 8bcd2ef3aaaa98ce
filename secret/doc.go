// Package secret encrypts personal data at rest, one field at a time: ID
// numbers (身份证号), phone numbers and similar values that PIPL
// (个人信息保护法) requires us to protect.
//
// A Box is made from one 32-byte master key, kept outside the database (a key
// file from GenerateKeyFile, or an environment variable read with ParseKey).
// From it HKDF-SHA256 derives one encryption key per algorithm and a separate
// lookup key, so the key that makes searchable hashes can never decrypt.
//
// Seal turns a value into a short text token for a TEXT column:
//
//	v1a:<base64 of nonce || ciphertext || tag>   AES-256-GCM (the default)
//	v1s:<base64 of nonce || ciphertext || tag>   SM4-GCM (国密 SM4, GB/T 32907)
//
// The prefix names the algorithm, so one column may hold both kinds while
// data is migrated, and any Box opens either kind. Every token is bound to
// additional data naming where it belongs, such as "recipient.id_number", so
// a token copied into another column fails to open.
//
// Hash gives a keyed HMAC of a value for equality lookups ("find the person
// with this ID number") without decrypting every row.
package secret
