package console

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Args are the arguments of one command line: positional words in order and
// key=value options.
type Args struct {
	Pos  []string
	Opts map[string]string
}

// parseLine splits a command line (":name word key=value ...") into the
// command name, without its colon, and its arguments. Words are separated by
// spaces; a word in double quotes may hold spaces and Go escapes. A word is
// an option when it reads key=value with key a plain name (so conditions such
// as "a.out>=3" and "leaks==0" stay positional). It is a pure function.
func parseLine(line string) (name string, args Args, err error) {
	words, err := splitWords(strings.TrimSpace(line))
	if err != nil {
		return "", Args{}, err
	}
	if len(words) == 0 || !strings.HasPrefix(words[0], ":") || len(words[0]) == 1 {
		return "", Args{}, fmt.Errorf("missing command name after \":\"")
	}
	name = words[0][1:]
	args.Opts = map[string]string{}
	for _, w := range words[1:] {
		k, v, ok := splitOption(w)
		if !ok {
			args.Pos = append(args.Pos, w)
			continue
		}
		if _, dup := args.Opts[k]; dup {
			return name, Args{}, fmt.Errorf("option %s= given twice", k)
		}
		args.Opts[k] = v
	}
	return name, args, nil
}

// splitOption recognises key=value with key made of letters, digits, '_'
// and '-', starting with a letter, and value not starting with '='.
func splitOption(w string) (key, value string, ok bool) {
	k, v, found := strings.Cut(w, "=")
	if !found || k == "" || strings.HasPrefix(v, "=") {
		return "", "", false
	}
	for i, r := range k {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '_' || r == '-')) {
			return "", "", false
		}
	}
	if strings.HasPrefix(v, `"`) {
		u, err := strconv.Unquote(v)
		if err != nil {
			return "", "", false
		}
		v = u
	}
	return k, v, true
}

// splitWords splits s on spaces, keeping double-quoted words whole. A quoted
// word is unquoted unless it is the value of an option (key="v"), which
// splitOption unquotes.
func splitWords(s string) ([]string, error) {
	var words []string
	for s != "" {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			break
		}
		end, err := wordEnd(s)
		if err != nil {
			return nil, err
		}
		w := s[:end]
		if strings.HasPrefix(w, `"`) {
			if w, err = strconv.Unquote(w); err != nil {
				return nil, fmt.Errorf("bad quoted word %s", s[:end])
			}
		}
		words = append(words, w)
		s = s[end:]
	}
	return words, nil
}

// wordEnd returns the end of the word at the start of s.
func wordEnd(s string) (int, error) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case (c == ' ' || c == '\t') && !inQuote:
			return i, nil
		}
	}
	if inQuote {
		return 0, fmt.Errorf("unterminated quoted word")
	}
	return len(s), nil
}

// optInt returns option key as an int, or def when it is absent.
func (a Args) optInt(key string, def int) (int, error) {
	v, ok := a.Opts[key]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%s: want a whole number, 0 or more", key, v)
	}
	return n, nil
}

// optDuration returns option key as a duration, or def when it is absent.
func (a Args) optDuration(key string, def time.Duration) (time.Duration, error) {
	v, ok := a.Opts[key]
	if !ok {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%s: want a positive duration such as 100ms or 2s", key, v)
	}
	return d, nil
}

// optBool returns option key as a bool, or def when it is absent.
func (a Args) optBool(key string, def bool) (bool, error) {
	v, ok := a.Opts[key]
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%s: want true or false", key, v)
	}
	return b, nil
}
