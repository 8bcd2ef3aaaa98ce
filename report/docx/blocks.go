package docx

// Block is one block of a document as it was added: a paragraph, a table,
// or the start of a new section. Other writers of the same document (the
// PDF of a briefing) read the blocks so that the Word file and the PDF never
// differ in content.
type Block struct {
	Paragraph *Paragraph
	Table     *Table
	Section   *Section
}

// Section starts a new section: pages of their own orientation, as when a
// wide table needs landscape pages inside a portrait document.
type Section struct {
	Landscape bool
}

// NewSection starts a section whose pages are landscape or portrait; what is
// added after it is on its pages.
func (d *Document) NewSection(landscape bool) {
	d.blocks = append(d.blocks, block{S: &Section{Landscape: landscape}})
}

// Blocks returns the document's blocks in order, with defaults filled in
// (a paragraph's font, size and alignment).
func (d *Document) Blocks() []Block {
	out := make([]Block, 0, len(d.blocks))
	for _, b := range d.blocks {
		switch {
		case b.P != nil:
			p := b.P.Paragraph
			out = append(out, Block{Paragraph: &p})
		case b.Src != nil:
			t := *b.Src
			out = append(out, Block{Table: &t})
		case b.S != nil:
			s := *b.S
			out = append(out, Block{Section: &s})
		}
	}
	return out
}
