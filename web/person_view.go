package web

import (
	"context"

	"shuangbai"
	"shuangbai/web/ui"
)

// personViews labels people with their region's path for case work's
// choice of worker. The staff pages moved to package network and share
// this with case work through ui.PersonViews; this forwarder goes when case
// work moves to its own package and calls that directly.
func (s *Server) personViews(ctx context.Context, list []shuangbai.Person) ([]ui.PersonView, error) {
	return s.ui.PersonViews(ctx, list)
}
