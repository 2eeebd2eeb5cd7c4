module example.com/guards

go 1.26
