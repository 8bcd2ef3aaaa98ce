// Package network serves the station network: the region tree, the
// township stations (社工站) and village points (社工点) with their offices
// and equipment, the staff and where they are assigned, the counties'
// required numbers (应建数量), and the home page that shows how far the
// network in the user's scope is built. Pages and the JSON API alike read
// and write through *store.DB with the request's scope.
package network
