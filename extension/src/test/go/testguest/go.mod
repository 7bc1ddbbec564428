module example.com/unikernel/testguest

go 1.19
