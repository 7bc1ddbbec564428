module example.com/unikernel/server

go 1.19
