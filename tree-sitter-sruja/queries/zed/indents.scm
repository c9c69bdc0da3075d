; Sruja indentation for Zed (an @indent node ends at its @end token): copy to
; languages/sruja/indents.scm of the extension.

(_ "{" "}" @end) @indent
(_ "[" "]" @end) @indent
