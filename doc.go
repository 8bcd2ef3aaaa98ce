// Package shuangbai is the vocabulary of Shuangbai (双百), the system that
// township social-work stations (乡镇（街道）社工站) are run on.
//
// It holds the domain types and the rules that need no database: region codes
// and scopes, stations (社工站) and points (社工点), staff, users and roles,
// validation. It imports only the standard library; storage lives in package
// store, HTTP in package web, official forms in package report.
//
// Glossary:
//
//	region      行政区划 (省/市/县/镇街/村居), identified by its official code
//	station     社工站, one per town (镇) or street (街道)
//	point       社工点 / 服务点, in a village or community, under its town's station
//	staff       双百社工, 站长, 副站长, 督导
//	scope       the region subtree a user may see and change
package shuangbai
