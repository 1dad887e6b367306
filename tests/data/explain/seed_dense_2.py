model = Sequential([
	Dense(100, input_shape = (None, 50)),
	Dense(1),
	Dense(100),
	Dense(50),
])
