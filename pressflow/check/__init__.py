"""Quality checks of translations and sources (`pressflow check`).

Each check is a function of one translated message, pure and small:

    def check(source: str, translation: str, source_language: str, language: str) -> list[str]

returning what is wrong, each problem said as what to fix. `pressflow.check` runs them
over every catalog entry, decides severities and collects findings.
"""
