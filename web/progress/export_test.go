package progress

// What the external tests of package progress need of its internals.
const ImportTTL = importTTL

type (
	ImportJSON     = importJSON
	ChangeJSON     = changeJSON
	ProgressJSON   = progressJSON
	SiteCountsJSON = siteCountsJSON
)
