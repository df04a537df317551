print("report: not yet built")
