package roster

// What the external tests of package roster need of its internals.
type (
	ImportStatus = importStatus
	ImportJSON   = importJSON
)

const StateDone = stateDone
