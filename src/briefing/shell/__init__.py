"""The shell: the command line (:mod:`.cli`, :mod:`.commands`), one build per brief
(:mod:`.jobs`), what every command prints and exits with (:mod:`.console`), and the process
set-up made before ReportLab is imported (:mod:`.isolation`). Above every stage and the pipeline.
"""
