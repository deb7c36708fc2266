class Formatter:
    def title(self, text: str) -> str:
        return text.title()
