from pressflow.cli import main

if (
    __name__ == "__main__"
):  # also imported, not run, by the PDF workers' server (pressflow.printing)
    main()
