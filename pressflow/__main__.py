from pressflow.cli import main

main()
