"""Stage 4, render: a laid-out brief -> PDF bytes (:mod:`.pages`)."""
