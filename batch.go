package shuangbai

import (
	"fmt"
	"strconv"
)

// RowProblem is what is wrong with one row of a batch: a line of an
// uploaded sheet, or an item of a list sent to the API.
type RowProblem struct {
	Row     int    // 1-based, as the user numbers it (a sheet's row, an item's place)
	Field   string // the column or field, "" for the row as a whole
	Message string
}

// RowsError refuses a whole batch because of the problems of some of its
// rows: nothing of the batch was applied. It reads as an EINVALID *Error
// (errors.As) whose message names the first row and whose fields name each
// one, so every handler shows it like any other validation error.
type RowsError struct {
	Unit     string // how rows are called: 行 (a sheet) or 条 (a list)
	Undone   string // what did not happen, for the message: 全部未导入 when empty
	Problems []RowProblem
}

// Add records a problem of row.
func (e *RowsError) Add(row int, field, format string, args ...any) {
	e.Problems = append(e.Problems, RowProblem{Row: row, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns e, or nil when no row has a problem.
func (e *RowsError) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

func (e *RowsError) unit() string {
	if e.Unit == "" {
		return "行"
	}
	return e.Unit
}

// Error names the first problem and how many there are.
func (e *RowsError) Error() string {
	p := e.Problems[0]
	msg := fmt.Sprintf("第%d%s：%s", p.Row, e.unit(), p.Message)
	if n := len(e.Problems); n > 1 {
		msg += fmt.Sprintf("（共 %d 处问题）", n)
	}
	undone := e.Undone
	if undone == "" {
		undone = "全部未导入"
	}
	return msg + "，" + undone + "，请改正后重新提交"
}

// As lets errors.As read e as an *Error: EINVALID, with a field per row
// ("第3行" or "第3行 面试成绩").
func (e *RowsError) As(target any) bool {
	t, ok := target.(**Error)
	if !ok {
		return false
	}
	fields := make(map[string]string, len(e.Problems))
	for _, p := range e.Problems {
		key := "第" + strconv.Itoa(p.Row) + e.unit()
		if p.Field != "" {
			key += " " + p.Field
		}
		if old, dup := fields[key]; dup {
			fields[key] = old + "；" + p.Message
		} else {
			fields[key] = p.Message
		}
	}
	*t = &Error{Code: EINVALID, Message: e.Error(), Fields: fields}
	return true
}
