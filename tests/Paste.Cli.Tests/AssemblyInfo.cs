// Every fixture hosts its own application on its own temporary database, so fixtures can run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
