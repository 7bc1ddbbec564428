module example.com/unikernel/client

go 1.19
