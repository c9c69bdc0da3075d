; Bracket pairs for Zed's matching and rainbow brackets.

("{" @open "}" @close)
("[" @open "]" @close)
