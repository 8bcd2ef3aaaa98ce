#!/bin/sh
# Renders page 1 of each .docx (through LibreOffice, when installed) and
# .pdf given to a PNG beside it, for a person to compare the two by eye:
#
#   SHUANGBAI_PDF_OUT=/tmp/sample.pdf go test ./report/pdf -run Sample
#   scripts/render-pages.sh /tmp/sample.docx /tmp/sample.pdf
#
# Needs poppler-utils (pdftoppm); .docx needs libreoffice-writer.
set -eu
for f in "$@"; do
	case "$f" in
	*.docx)
		if ! command -v soffice >/dev/null; then
			echo "$f: skipped, LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-writer)" >&2
			continue
		fi
		dir=$(mktemp -d)
		soffice --headless --convert-to pdf --outdir "$dir" "$f" >/dev/null 2>&1
		pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$dir/$(basename "${f%.docx}").pdf" "${f%.docx}-docx"
		rm -rf "$dir"
		echo "${f%.docx}-docx.png"
		;;
	*.pdf)
		pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$f" "${f%.pdf}-pdf"
		echo "${f%.pdf}-pdf.png"
		;;
	*) echo "$f: not a .docx or .pdf" >&2 ;;
	esac
done
