// re2match reads JSON lines {"P": pattern, "S": text} and prints, for each, whether Go's regexp (the RE2
// syntax the API server compiles a CRD's `pattern` with) matches: "true", "false", or "ERR" when it refuses the
// pattern. The oracle of test/apiserver/patterns.apiserver.test.ts.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c struct{ P, S string }
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		re, err := regexp.Compile(c.P)
		if err != nil {
			fmt.Fprintln(out, "ERR")
			continue
		}
		fmt.Fprintln(out, re.MatchString(c.S))
	}
}
