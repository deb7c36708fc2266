class Labels:
    def format(self, name: str) -> str:
        return name.strip().upper()


labels = Labels()
